package dev.weir.catalog.connector;

import dev.weir.catalog.WeirException;

/** A connector is declared (tables can be created and described) but cannot run in this build. */
public class ConnectorUnavailableException extends WeirException {
  public ConnectorUnavailableException(String message) {
    super(message);
  }
}
