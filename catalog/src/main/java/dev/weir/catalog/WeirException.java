package dev.weir.catalog;

/**
 * An error Weir reports to its user: one clear line that says what is wrong and, where possible,
 * how to fix it. Subclasses say whose fault it is.
 */
public class WeirException extends RuntimeException {
  public WeirException(String message) {
    super(message);
  }

  public WeirException(String message, Throwable cause) {
    super(message, cause);
  }
}
