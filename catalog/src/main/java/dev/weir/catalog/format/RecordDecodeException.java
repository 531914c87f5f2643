package dev.weir.catalog.format;

/** A record could not be decoded; the message says what and where within the record. */
public class RecordDecodeException extends Exception {
  public RecordDecodeException(String message) {
    super(message);
  }

  public RecordDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
