package dev.weir.connectors.kafka;

import dev.weir.catalog.connector.ConnectorException;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a Kafka table. The source has one split per parallel reader, a share of the partitions:
 * partition p of topic t belongs to reader {@code (hash(t) + p) mod readers}, so that readers agree
 * on who owns a partition discovered while running without talking to each other. A bounded read
 * fixes its partitions and their stop offsets when the query starts.
 */
final class KafkaSource implements Source {
  private final TableSpec table;

  KafkaSource(TableSpec table) {
    this.table = table;
  }

  @Override
  public boolean isBounded() {
    return table.options().get(KafkaConnectorFactory.BOUNDED_MODE) != BoundedMode.UNBOUNDED;
  }

  /**
   * One reader's share of the partitions.
   *
   * @param stops for a bounded read, every partition of the table and the offset it stops before; else empty
   */
  record Share(int index, int count, Map<TopicPartition, Long> stops) implements SourceSplit {
    @Override
    public String id() {
      return "partitions-" + index + "-of-" + count;
    }

    boolean owns(TopicPartition tp) {
      return owner(tp, count) == index;
    }
  }

  /** The reader that owns a partition: consecutive partitions of a topic go to consecutive readers. */
  static int owner(TopicPartition tp, int readers) {
    return Math.floorMod((tp.topic().hashCode() * 31 & 0x7FFFFFFF) + tp.partition(), readers);
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    Map<String, Integer> topics = KafkaClients.partitions(table);
    Map<TopicPartition, Long> stops = isBounded() ? stopOffsets(topics) : Map.of();
    List<SourceSplit> splits = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      splits.add(new Share(i, parallelism, stops));
    }
    return splits;
  }

  @Override
  public SourceReader createReader(List<SourceSplit> splits, ReaderContext context) {
    return new KafkaReader(table, (Share) splits.get(0), context);
  }

  /** Where each partition of a bounded read stops (exclusive), as 'scan.bounded.mode' says. */
  private Map<TopicPartition, Long> stopOffsets(Map<String, Integer> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    topics.forEach((t, n) -> {
      for (int p = 0; p < n; p++) {
        partitions.add(new TopicPartition(t, p));
      }
    });
    var o = table.options();
    try (Admin admin = Admin.create(KafkaClients.common(table))) {
      Map<TopicPartition, Long> latest = listOffsets(admin, partitions, OffsetSpec.latest());
      Map<TopicPartition, Long> stops = new HashMap<>(latest);
      switch (o.get(KafkaConnectorFactory.BOUNDED_MODE)) {
        case LATEST_OFFSET, UNBOUNDED -> { }
        case TIMESTAMP -> stops.putAll(listOffsets(admin, partitions,
            OffsetSpec.forTimestamp(o.get(KafkaConnectorFactory.BOUNDED_TIMESTAMP))));
        case SPECIFIC_OFFSETS -> {
          Map<Integer, Long> given = PartitionOffsets.parse(o.get(KafkaConnectorFactory.BOUNDED_SPECIFIC_OFFSETS),
              KafkaConnectorFactory.BOUNDED_SPECIFIC_OFFSETS.key());
          for (TopicPartition tp : partitions) {
            if (given.containsKey(tp.partition())) {
              stops.put(tp, given.get(tp.partition()));
            }
          }
        }
        case GROUP_OFFSETS -> {
          Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
              o.get(KafkaConnectorFactory.GROUP_ID)).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
          for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            stops.put(tp, c == null ? 0L : c.offset());
          }
        }
      }
      return stops;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("Interrupted while listing offsets of " + table.describe(), true, e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new ConnectorException("Cannot list the offsets where " + table.describe() + " stops: "
          + (e.getCause() == null ? e : e.getCause()).getMessage(), true, e);
    }
  }

  /** Offsets by spec; a timestamp past every record gives the partition's end. */
  private Map<TopicPartition, Long> listOffsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    org.apache.kafka.common.IsolationLevel isolation =
        table.options().get(KafkaConnectorFactory.ISOLATION_LEVEL) == IsolationLevel.READ_COMMITTED
            ? org.apache.kafka.common.IsolationLevel.READ_COMMITTED
            : org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED;
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request,
        new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    Map<TopicPartition, Long> ends = null;
    for (TopicPartition tp : partitions) {
      long offset = result.get(tp).offset();
      if (offset < 0) {
        if (ends == null) {
          ends = listOffsets(admin, partitions, OffsetSpec.latest());
        }
        offset = ends.get(tp);
      }
      offsets.put(tp, offset);
    }
    return offsets;
  }
}
