package dev.weir.connectors.kafka;

import dev.weir.catalog.options.DescribedValue;
import java.util.List;

/** How a Kafka sink picks each record's partition ({@code sink.partitioner}). */
public enum SinkPartitioner implements DescribedValue {
  DEFAULT("default", "Kafka's own partitioner: by a hash of the key, or sticky batches for records without one."),
  FIXED("fixed", "Each sink instance writes to one partition: instance i to partition i modulo the partitions."),
  ROUND_ROBIN("round-robin", "Records are spread over all partitions in turn, whatever their key.", "round_robin");

  private final String sqlName;
  private final String description;
  private final List<String> aliases;

  SinkPartitioner(String sqlName, String description, String... aliases) {
    this.sqlName = sqlName;
    this.description = description;
    this.aliases = List.of(aliases);
  }

  @Override
  public String sqlName() {
    return sqlName;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }
}
