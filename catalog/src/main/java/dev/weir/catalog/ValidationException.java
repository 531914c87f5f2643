package dev.weir.catalog;

/** A statement, option or value the user wrote is wrong; nothing was changed. */
public class ValidationException extends WeirException {
  public ValidationException(String message) {
    super(message);
  }

  public ValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
