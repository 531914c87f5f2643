package dev.weir.catalog.connector;

import dev.weir.catalog.WeirException;

/**
 * A connector failed while running. {@link #isRetryable()} says whether trying again may help
 * (a lost connection) or not (bad configuration, a malformed record under the 'fail' policy).
 */
public class ConnectorException extends WeirException {
  private final boolean retryable;

  public ConnectorException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public ConnectorException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean isRetryable() {
    return retryable;
  }
}
