package dev.weir.catalog.connector;

/** Counters a connector reports to the engine, e.g. {@code bad-records-skipped}. */
public interface ConnectorMetrics {
  void increment(String counter, long delta);

  ConnectorMetrics NONE = (counter, delta) -> { };
}
