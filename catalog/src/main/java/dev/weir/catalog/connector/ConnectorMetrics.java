package dev.weir.catalog.connector;

/** Counters a connector reports to the engine, e.g. {@code bad-records-skipped}. */
public interface ConnectorMetrics {
  /**
   * How many records a source has not read yet (Kafka: up to the partitions' ends), summed over
   * its readers; each reader adds the change of its own count.
   */
  String SOURCE_LAG = "source-records-lag";

  void increment(String counter, long delta);

  ConnectorMetrics NONE = (counter, delta) -> { };
}
