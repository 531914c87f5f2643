package dev.weir.connectors.kafka;

import dev.weir.catalog.connector.ConnectorException;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.source.BatchAllocator;
import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.format.ChangelogDecoder;
import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.types.MapVectors;
import dev.weir.connectors.format.BatchViews;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads one share of a Kafka table's partitions. A fetch thread owns the consumer (a
 * {@code KafkaConsumer} must not be shared between threads, and its poll blocks): it polls, and
 * hands each partition's records to the engine through a small bounded queue, so a slow pipeline
 * stops the polling. The engine's thread decodes records straight into Arrow vectors, one
 * partition per batch, so that watermarks are kept per partition.
 */
final class KafkaReader implements SourceReader {
  private static final int QUEUE_CHUNKS = 4;
  private static final long COMMIT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The records of one partition from one poll. */
  private record Chunk(TopicPartition partition, int split, List<ConsumerRecord<byte[], byte[]>> records, long stop) {}

  private final TableSpec table;
  private final KafkaSource.Share share;
  private final ReaderContext context;
  private final BatchAllocator batches;
  private final RecordLayout layout;
  private final Decoder valueDecoder;
  /** The value decoder of a changelog format (Debezium), or null. */
  private final ChangelogDecoder changes;
  /**
   * upsert-kafka: the latest record of each key, so that an update can retract the row it replaces
   * and a tombstone can delete it (Flink's ChangelogNormalize); null for other tables.
   */
  private final Map<ByteBuffer, ConsumerRecord<byte[], byte[]>> latest;
  private final Decoder keyDecoder;
  private final BadRecords.Policy policy;
  private final long rateLimit;
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  /** Per partition, the offset after the last record the engine has taken: what is committed to the group. */
  private final Map<TopicPartition, Long> consumed = new ConcurrentHashMap<>();
  private final Fetcher fetcher;
  /** Bounded reads: where each partition stops (fixed when the job first started, kept across restores). */
  private Map<TopicPartition, Long> stops;
  /** After a restore: where each partition known to the checkpoint goes on; null otherwise. */
  private volatile Map<TopicPartition, Long> restored;
  /** With checkpoints: the offsets of each checkpoint taken, committed to the group once it completes. */
  private final java.util.TreeMap<Long, Map<TopicPartition, Long>> checkpointed = new java.util.TreeMap<>();
  /** Offsets of the newest complete checkpoint, for the fetch thread to commit; null without checkpoints. */
  private volatile Map<TopicPartition, Long> completedOffsets;
  private volatile boolean checkpointing;
  private Chunk chunk;
  private int position;
  private boolean finished;
  private long rateStartNanos;
  private long rowsRead;
  private KafkaProducer<byte[], byte[]> deadLetters;
  private volatile Exception deadLetterFailure;

  KafkaReader(TableSpec table, KafkaSource.Share share, ReaderContext context) {
    this.table = table;
    this.share = share;
    this.context = context;
    this.batches = new BatchAllocator(context);
    this.layout = new RecordLayout(context.columns(), table);
    this.valueDecoder = table.format().createDecoder(
        new FormatContext(layout.columnsAt(layout.valueColumns), table.options()));
    this.changes = valueDecoder instanceof ChangelogDecoder c ? c : null;
    this.latest = table.connector() instanceof UpsertKafkaConnectorFactory ? new HashMap<>() : null;
    boolean exceptKey = table.options().get(KafkaConnectorFactory.VALUE_FIELDS_INCLUDE) == ValueFieldsInclude.EXCEPT_KEY;
    FormatFactory keyFormat = table.keyFormat();
    this.keyDecoder = keyFormat == null || !exceptKey ? null
        : keyFormat.createDecoder(FormatContext.forKey(layout.columnsAt(layout.keyColumns), table.options()));
    this.policy = BadRecords.policy(table.options());
    Long limit = table.options().get(KafkaConnectorFactory.RATE_LIMIT);
    this.rateLimit = limit == null ? 0 : limit;
    this.fetcher = new Fetcher();
    this.stops = share.stops();
    this.checkpointing = context.checkpointing(); // then the group gets only checkpointed offsets
  }

  @Override
  public VectorSchemaRoot poll() {
    if (!fetcher.isAlive() && fetcher.getState() == Thread.State.NEW) {
      fetcher.start(); // at the first poll, so that a restore has told it where to start
    }
    checkFailures();
    if (chunk == null || position >= chunk.records.size()) {
      chunk = queue.poll();
      position = 0;
      if (chunk == null) {
        if (fetcher.done && queue.isEmpty()) {
          finishRead();
        }
        return null;
      }
    }
    int limit = context.batchSize();
    if (rateLimit > 0) {
      long allowed = permittedRows();
      if (allowed <= 0) {
        return null;
      }
      limit = (int) Math.min(limit, allowed);
    }
    return fill(limit);
  }

  private void checkFailures() {
    Throwable failure = fetcher.failure;
    if (failure != null) {
      throw failure instanceof ConnectorException ce ? ce : new ConnectorException("Reading " + table.describe()
          + " from Kafka failed: " + failure.getMessage(), failure instanceof RetriableException, failure);
    }
    if (deadLetterFailure != null) {
      throw new ConnectorException("Writing a bad record of " + table.describe() + " to its dead-letter topic failed: "
          + deadLetterFailure.getMessage(), deadLetterFailure instanceof RetriableException, deadLetterFailure);
    }
  }

  /**
   * A bounded read has handed on everything: before it says so, the dead letters are acknowledged
   * and the consumer group holds the offsets of all that was read, so that nothing is lost when
   * the query returns.
   */
  private void finishRead() {
    if (deadLetters != null) {
      deadLetters.flush();
    }
    fetcher.finishAndWait();
    checkFailures();
    finished = true;
  }

  private VectorSchemaRoot fill(int limit) {
    VectorSchemaRoot root = batches.allocate(Math.min(limit, chunk.records.size() - position));
    try {
      VectorSchemaRoot values = BatchViews.of(root, layout.valueFormatColumns(changes != null));
      VectorSchemaRoot keys = keyDecoder == null ? null : BatchViews.of(root, layout.keyColumns);
      int row = 0;
      long next = -1;
      while (row < limit && position < chunk.records.size()) {
        ConsumerRecord<byte[], byte[]> r = chunk.records.get(position++);
        if (r.offset() >= chunk.stop) {
          next = chunk.stop; // a bounded read has read up to its stop, not beyond
          continue;
        }
        next = r.offset() + 1;
        row += decode(r, root, values, keys, row);
      }
      if (next >= 0) {
        consumed.put(chunk.partition, next);
      }
      root.setRowCount(row);
      rowsRead += row;
      if (row == 0) {
        root.close();
        return null;
      }
      batches.learn(root);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * Each partition's offset after the records taken so far (a partition assigned but not read yet:
   * where it starts), a bounded read's stop offsets, and for upsert tables each key's latest
   * record, which the next change of that key retracts.
   */
  @Override
  public byte[] position(long checkpointId) {
    checkpointing = true;
    Map<TopicPartition, Long> offsets = new HashMap<>(consumed);
    checkpointed.put(checkpointId, offsets);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      // before its partitions are assigned, a reader has read nothing: a restore starts as the table says
      out.writeBoolean(fetcher.assignedOnce);
      writeOffsets(out, offsets);
      writeOffsets(out, stops);
      out.writeInt(latest == null ? -1 : latest.size());
      if (latest != null) {
        for (ConsumerRecord<byte[], byte[]> r : latest.values()) {
          writeRecord(out, r);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeOffsets(java.io.DataOutputStream out, Map<TopicPartition, Long> offsets)
      throws java.io.IOException {
    out.writeInt(offsets.size());
    for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
      out.writeUTF(e.getKey().topic());
      out.writeInt(e.getKey().partition());
      out.writeLong(e.getValue());
    }
  }

  /** What decoding a record again needs: where it was, its time, key, value and headers. */
  private static void writeRecord(java.io.DataOutputStream out, ConsumerRecord<byte[], byte[]> r)
      throws java.io.IOException {
    out.writeUTF(r.topic());
    out.writeInt(r.partition());
    out.writeLong(r.offset());
    out.writeLong(r.timestamp());
    out.writeInt(r.timestampType().id);
    writeNullable(out, r.key());
    writeNullable(out, r.value());
    Header[] headers = r.headers().toArray();
    out.writeInt(headers.length);
    for (Header h : headers) {
      out.writeUTF(h.key());
      writeNullable(out, h.value());
    }
  }

  private static ConsumerRecord<byte[], byte[]> readRecord(java.io.DataInputStream in) throws java.io.IOException {
    String topic = in.readUTF();
    int partition = in.readInt();
    long offset = in.readLong();
    long timestamp = in.readLong();
    int typeId = in.readInt();
    org.apache.kafka.common.record.TimestampType type = java.util.Arrays.stream(org.apache.kafka.common.record.TimestampType.values())
        .filter(t -> t.id == typeId).findFirst().orElse(org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE);
    byte[] key = readNullable(in);
    byte[] value = readNullable(in);
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0, n = in.readInt(); i < n; i++) {
      headers.add(in.readUTF(), readNullable(in));
    }
    return new ConsumerRecord<>(topic, partition, offset, timestamp, type, key == null ? -1 : key.length,
        value == null ? -1 : value.length, key, value, headers, java.util.Optional.empty());
  }

  private static void writeNullable(java.io.DataOutputStream out, byte[] bytes) throws java.io.IOException {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  private static byte[] readNullable(java.io.DataInputStream in) throws java.io.IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }

  private static Map<TopicPartition, Long> readOffsets(java.io.DataInputStream in) throws java.io.IOException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (int i = 0, n = in.readInt(); i < n; i++) {
      offsets.put(new TopicPartition(in.readUTF(), in.readInt()), in.readLong());
    }
    return offsets;
  }

  /** Partitions the checkpoint knew go on from its offsets; partitions added to the topic since are read from their beginning. */
  @Override
  public void restore(byte[] position) throws java.io.IOException {
    java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(position));
    boolean assigned = in.readBoolean();
    Map<TopicPartition, Long> offsets = readOffsets(in);
    Map<TopicPartition, Long> bounds = readOffsets(in);
    for (int i = 0, n = in.readInt(); i < n; i++) {
      ConsumerRecord<byte[], byte[]> r = readRecord(in);
      latest.put(ByteBuffer.wrap(r.key()), r);
    }
    if (isBounded()) {
      Map<TopicPartition, Long> merged = new HashMap<>(share.stops());
      merged.putAll(bounds);
      stops = merged;
    }
    consumed.putAll(offsets);
    checkpointing = true;
    if (assigned) {
      restored = offsets;
    }
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map.Entry<Long, Map<TopicPartition, Long>> done = checkpointed.floorEntry(checkpointId);
    if (done != null) {
      completedOffsets = done.getValue();
      checkpointed.headMap(checkpointId, true).clear();
    }
  }

  @Override
  public int lastBatchSplit() {
    return chunk == null ? -1 : chunk.split;
  }

  @Override
  public int splitCount() {
    return fetcher.assigned;
  }

  /** Decodes a record into rows from {@code row} on; returns how many (a change event may give two). */
  private int decode(ConsumerRecord<byte[], byte[]> r, VectorSchemaRoot root, VectorSchemaRoot values,
      VectorSchemaRoot keys, int row) {
    return latest != null ? decodeUpsert(r, root, values, keys, row) : decodeRecord(r, root, values, keys, row);
  }

  /**
   * An upsert record: the new row of its key (+I, or -U of the row it replaces then +U), or with
   * no value a delete of its key's row (-D; nothing if the key has none).
   */
  private int decodeUpsert(ConsumerRecord<byte[], byte[]> r, VectorSchemaRoot root, VectorSchemaRoot values,
      VectorSchemaRoot keys, int row) {
    if (r.key() == null) {
      badRecord(r, "an upsert record has no key");
      return 0;
    }
    TinyIntVector kinds = (TinyIntVector) root.getVector(layout.rowKindColumn);
    ByteBuffer key = ByteBuffer.wrap(r.key());
    ConsumerRecord<byte[], byte[]> old = latest.get(key);
    if (r.value() == null) {
      if (old == null || decodeRecord(old, root, values, keys, row) == 0) {
        return 0;
      }
      kinds.setSafe(row, RowKind.DELETE.code());
      latest.remove(key);
      return 1;
    }
    int at = row;
    if (old != null && decodeRecord(old, root, values, keys, at) == 1) {
      kinds.setSafe(at++, RowKind.UPDATE_BEFORE.code());
    }
    if (decodeRecord(r, root, values, keys, at) == 0) {
      return 0; // a bad record changes nothing: the rows written here are written again
    }
    kinds.setSafe(at, (at > row ? RowKind.UPDATE_AFTER : RowKind.INSERT).code());
    latest.put(key, r);
    return at - row + 1;
  }

  private int decodeRecord(ConsumerRecord<byte[], byte[]> r, VectorSchemaRoot root, VectorSchemaRoot values,
      VectorSchemaRoot keys, int row) {
    if (r.value() == null) {
      // a tombstone deletes its key in a compacted topic; an append-only table has no row for it
      context.metrics().increment("tombstones-skipped", 1);
      return 0;
    }
    int rows;
    try {
      rows = changes != null ? changes.decodeChanges(r.value(), 0, r.value().length, values, row)
          : valueDecoder.decode(r.value(), 0, r.value().length, values, row) ? 1 : 0;
      for (int at = row; at < row + rows && keys != null; at++) {
        if (r.key() == null) {
          for (FieldVector v : keys.getFieldVectors()) {
            v.setNull(at);
          }
        } else {
          keyDecoder.decode(r.key(), 0, r.key().length, keys, at);
        }
      }
    } catch (RecordDecodeException | IllegalArgumentException e) {
      badRecord(r, e.getMessage());
      return 0;
    }
    for (int at = row; at < row + rows; at++) {
      for (int c = 0; c < layout.metadata.length; c++) {
        if (layout.metadata[c] != null) {
          writeMetadata(layout.metadata[c], root.getVector(c), r, at);
        }
      }
    }
    return rows;
  }

  private static void writeMetadata(RecordLayout.Metadata m, FieldVector v, ConsumerRecord<byte[], byte[]> r, int row) {
    switch (m) {
      case KEY -> {
        if (r.key() == null) {
          v.setNull(row);
        } else {
          ((VarBinaryVector) v).setSafe(row, r.key());
        }
      }
      case OFFSET -> ((BigIntVector) v).setSafe(row, r.offset());
      case PARTITION -> ((IntVector) v).setSafe(row, r.partition());
      case TIMESTAMP -> ((TimeStampVector) v).setSafe(row, r.timestamp());
      case TOPIC -> ((VarCharVector) v).setSafe(row, r.topic().getBytes(StandardCharsets.UTF_8));
      case HEADERS -> {
        Header[] headers = r.headers().toArray();
        byte[][] names = new byte[headers.length][];
        byte[][] values = new byte[headers.length][];
        for (int i = 0; i < headers.length; i++) {
          names[i] = headers[i].key().getBytes(StandardCharsets.UTF_8);
          values[i] = headers[i].value();
        }
        MapVectors.write((MapVector) v, row, names, values);
      }
    }
  }

  private void badRecord(ConsumerRecord<byte[], byte[]> r, String reason) {
    switch (policy) {
      case SKIP -> context.metrics().increment(BadRecords.SKIPPED_COUNTER, 1);
      case DEAD_LETTER -> {
        sendToDeadLetter(r, reason);
        context.metrics().increment(BadRecords.DEAD_LETTERED_COUNTER, 1);
      }
      case FAIL -> throw new ConnectorException("Malformed record in topic '" + r.topic() + "' partition "
          + r.partition() + " at offset " + r.offset() + " (" + table.describe() + "): " + reason
          + " (set 'bad-records' = 'skip' to skip such records, or 'dead-letter' to keep them aside)", false);
    }
  }

  private void sendToDeadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
    if (deadLetters == null) {
      deadLetters = new KafkaProducer<>(KafkaClients.producer(table, clientId("dead-letters")));
    }
    RecordHeaders headers = new RecordHeaders(r.headers().toArray());
    headers.add("weir.error", reason.getBytes(StandardCharsets.UTF_8));
    headers.add("weir.source", (r.topic() + "/" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
    headers.add("weir.table", table.name().getBytes(StandardCharsets.UTF_8));
    deadLetters.send(new ProducerRecord<>(table.options().get(KafkaConnectorFactory.DEAD_LETTER_TOPIC), null,
        r.timestamp(), r.key(), r.value(), headers), (metadata, e) -> {
          if (e != null) {
            deadLetterFailure = e;
          }
        });
  }

  /** How many more rows the rate limit allows now. */
  private long permittedRows() {
    long now = System.nanoTime();
    if (rateStartNanos == 0) {
      rateStartNanos = now;
    }
    return (long) ((now - rateStartNanos) / 1e9 * rateLimit) + 1 - rowsRead;
  }

  @Override
  public long idleNanos() {
    if (rateLimit > 0 && chunk != null && position < chunk.records.size()) {
      return Math.max(100_000L, (long) (1e9 / rateLimit));
    }
    return 2_000_000L;
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void close() throws Exception {
    fetcher.shutdown();
    queue.clear();
    if (deadLetters != null) {
      deadLetters.close(Duration.ofSeconds(30)); // flushes what was sent
      if (deadLetterFailure != null) {
        throw new ConnectorException("Writing a bad record of " + table.describe() + " to its dead-letter topic"
            + " failed: " + deadLetterFailure.getMessage(), false, deadLetterFailure);
      }
    }
  }

  private boolean isBounded() {
    return table.options().get(KafkaConnectorFactory.BOUNDED_MODE) != BoundedMode.UNBOUNDED;
  }

  private String clientId(String role) {
    return "weir-" + table.name() + "-" + role + "-" + share.index();
  }

  /** Owns the consumer: assigns this share's partitions, seeks to where the read starts, polls. */
  private final class Fetcher extends Thread {
    private final boolean bounded = isBounded();
    private final Map<TopicPartition, Integer> splits = new HashMap<>();
    /** Bounded reads: the partitions not yet read up to their stop offset. */
    private final Set<TopicPartition> remaining = new HashSet<>();
    private final String groupId = table.options().get(KafkaConnectorFactory.GROUP_ID);
    private KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean closing;
    /** Set by the engine once it has taken every chunk of a bounded read: commit and stop. */
    private volatile boolean finishing;
    volatile boolean done;
    volatile Throwable failure;
    /** How many partitions are assigned; they are numbered in order of assignment. */
    volatile int assigned;
    /** Set once the first partitions are assigned and their start offsets are in {@code consumed}. */
    volatile boolean assignedOnce;
    private long lastCommitNanos = System.nanoTime();
    private long nextLagNanos;
    /** This reader's part of {@link ConnectorMetrics#SOURCE_LAG}, as last reported. */
    private long reportedLag;
    private boolean started;
    private final Map<String, Object> config = KafkaClients.consumer(table, clientId("source"));

    Fetcher() {
      super("kafka-fetch-" + table.name() + "-" + share.index());
      setDaemon(true);
    }

    @Override
    public void run() {
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
        consumer = c;
        try {
          fetch();
          if (!closing) {
            done = true;
          }
          // keep the consumer until the engine has taken everything, so that the last commit covers it all
          while (!closing && !finishing) {
            commitIfDue(false);
            Thread.sleep(20);
          }
        } catch (WakeupException e) {
          // woken to close
        }
        finalCommit();
        context.metrics().increment(dev.weir.catalog.connector.ConnectorMetrics.SOURCE_LAG, -reportedLag);
        reportedLag = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        failure = t;
      }
    }

    private void fetch() throws InterruptedException {
      long discoveryNanos = table.options().get(KafkaConnectorFactory.PARTITION_DISCOVERY).toNanos();
      long nextDiscovery = 0;
      while (!closing) {
        if (!started || !bounded && discoveryNanos > 0 && System.nanoTime() >= nextDiscovery) {
          assignNew(bounded ? boundedPartitions() : ownedPartitions());
          nextDiscovery = System.nanoTime() + discoveryNanos;
          started = true;
        }
        if (bounded) {
          List<TopicPartition> ended = remaining.stream()
              .filter(tp -> consumer.position(tp) >= stops.get(tp)).toList();
          consumer.pause(ended);
          ended.forEach(remaining::remove);
          if (remaining.isEmpty()) {
            return;
          }
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (TopicPartition tp : records.partitions()) {
          Chunk next = new Chunk(tp, splits.get(tp), records.records(tp),
              bounded ? stops.get(tp) : Long.MAX_VALUE);
          while (!closing && !queue.offer(next, 100, TimeUnit.MILLISECONDS)) {
            // the pipeline is behind: wait for it instead of fetching more
          }
        }
        commitIfDue(false);
        reportLag();
      }
    }

    /** Every second: records up to the partitions' ends (the last stable offsets) not yet taken by the engine. */
    private void reportLag() {
      long now = System.nanoTime();
      if (now < nextLagNanos || splits.isEmpty()) {
        return;
      }
      nextLagNanos = now + TimeUnit.SECONDS.toNanos(1);
      long lag = 0;
      for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(splits.keySet(), Duration.ofSeconds(5)).entrySet()) {
        Long taken = consumed.get(end.getKey());
        lag += Math.max(0, end.getValue() - (taken == null ? 0 : taken));
      }
      context.metrics().increment(dev.weir.catalog.connector.ConnectorMetrics.SOURCE_LAG, lag - reportedLag);
      reportedLag = lag;
    }

    private void finalCommit() {
      try {
        commitIfDue(true);
      } catch (WakeupException e) {
        commitIfDue(true); // the close's wakeup was still pending; it is spent now
      }
    }

    /** Asks a fetcher that is done to commit what the engine took and stop; waits for it (at most a minute). */
    void finishAndWait() {
      finishing = true;
      try {
        join(TimeUnit.SECONDS.toMillis(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (isAlive()) {
        throw new ConnectorException("Committing the offsets read from " + table.describe()
            + " did not finish within 60 s", true);
      }
    }

    void shutdown() throws InterruptedException {
      closing = true;
      KafkaConsumer<byte[], byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
      join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Every partition of the table's topics that this share owns, as the brokers see them now. */
    private List<TopicPartition> ownedPartitions() {
      // listTopics asks the brokers; partitionsFor would answer from metadata cached for minutes
      Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(30));
      String pattern = table.options().get(KafkaConnectorFactory.TOPIC_PATTERN);
      Pattern matcher = pattern == null ? null : Pattern.compile(pattern);
      Set<String> named = new HashSet<>(KafkaClients.topics(table));
      List<TopicPartition> owned = new ArrayList<>();
      all.forEach((topic, infos) -> {
        if (matcher != null ? matcher.matcher(topic).matches() : named.contains(topic)) {
          for (PartitionInfo info : infos) {
            TopicPartition tp = new TopicPartition(topic, info.partition());
            if (share.owns(tp)) {
              owned.add(tp);
            }
          }
        }
      });
      return owned;
    }

    private List<TopicPartition> boundedPartitions() {
      return stops.keySet().stream().filter(share::owns).toList();
    }

    /** Assigns partitions not assigned yet; the first ones start as 'scan.startup.mode' says, later ones at the beginning. */
    private void assignNew(List<TopicPartition> owned) {
      List<TopicPartition> fresh = owned.stream().filter(tp -> !splits.containsKey(tp))
          .sorted((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
              : a.topic().compareTo(b.topic()))
          .toList();
      if (fresh.isEmpty()) {
        return;
      }
      for (TopicPartition tp : fresh) {
        splits.put(tp, splits.size());
      }
      assigned = splits.size();
      consumer.assign(new ArrayList<>(splits.keySet()));
      Map<TopicPartition, Long> resume = restored;
      if (resume != null) {
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition tp : fresh) {
          if (resume.containsKey(tp)) {
            consumer.seek(tp, resume.get(tp));
          } else {
            added.add(tp); // a partition the topic gained since the checkpoint
          }
        }
        seekToBeginning(added);
      } else if (started) {
        seekToBeginning(fresh); // a partition that appeared while running: read all of it
      } else {
        seekToStart(fresh);
      }
      for (TopicPartition tp : fresh) {
        consumed.putIfAbsent(tp, consumer.position(tp)); // where it starts, until records are taken
      }
      assignedOnce = true;
      if (bounded) {
        remaining.addAll(fresh);
      }
    }

    private void seekToStart(List<TopicPartition> partitions) {
      var o = table.options();
      switch (KafkaConnectorFactory.startupMode(table)) {
        case EARLIEST_OFFSET -> seekToBeginning(partitions);
        case LATEST_OFFSET -> seekToEnd(partitions);
        case GROUP_OFFSETS -> {
          Map<TopicPartition, OffsetAndMetadata> committed = groupId == null ? Map.of()
              : consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(30));
          List<TopicPartition> reset = new ArrayList<>();
          for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
              consumer.seek(tp, c.offset());
            } else {
              reset.add(tp);
            }
          }
          if ("earliest".equals(config.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG))) {
            seekToBeginning(reset);
          } else {
            seekToEnd(reset);
          }
        }
        case TIMESTAMP -> {
          long ts = o.get(KafkaConnectorFactory.STARTUP_TIMESTAMP);
          Map<TopicPartition, Long> query = new HashMap<>();
          partitions.forEach(tp -> query.put(tp, ts));
          Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
          List<TopicPartition> toEnd = new ArrayList<>();
          for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            if (at == null) {
              toEnd.add(tp);
            } else {
              consumer.seek(tp, at.offset());
            }
          }
          seekToEnd(toEnd);
        }
        case SPECIFIC_OFFSETS -> {
          Map<Integer, Long> given = PartitionOffsets.parse(o.get(KafkaConnectorFactory.STARTUP_SPECIFIC_OFFSETS),
              KafkaConnectorFactory.STARTUP_SPECIFIC_OFFSETS.key());
          List<TopicPartition> others = new ArrayList<>();
          for (TopicPartition tp : partitions) {
            if (given.containsKey(tp.partition())) {
              consumer.seek(tp, given.get(tp.partition()));
            } else {
              others.add(tp);
            }
          }
          seekToBeginning(others);
        }
      }
    }

    // the consumer's seekTo... of no partitions means all of them: never call them so

    private void seekToBeginning(List<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        consumer.seekToBeginning(partitions);
      }
    }

    private void seekToEnd(List<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        consumer.seekToEnd(partitions);
      }
    }

    /**
     * Commits to the consumer group the offsets the engine has taken, every few seconds and at the
     * end; with checkpoints, those of the newest complete checkpoint instead (the checkpoint, not
     * the group, is where a restore starts).
     */
    private void commitIfDue(boolean now) {
      Map<TopicPartition, Long> source = checkpointing ? completedOffsets : consumed;
      if (groupId == null || source == null || source.isEmpty()
          || !now && System.nanoTime() - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      source.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
      if (now) {
        consumer.commitSync(offsets, Duration.ofSeconds(30));
      } else {
        consumer.commitAsync(offsets, null);
      }
      lastCommitNanos = System.nanoTime();
    }
  }

  @Override
  public String toString() {
    return "KafkaReader" + Arrays.asList(table.name(), share.id());
  }
}
