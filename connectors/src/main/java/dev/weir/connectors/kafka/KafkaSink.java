package dev.weir.connectors.kafka;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorException;
import dev.weir.catalog.connector.DeliveryGuarantee;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.sink.SinkWriter;
import dev.weir.catalog.connector.sink.WriterContext;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.types.MapVectors;
import dev.weir.connectors.format.BatchViews;
import dev.weir.connectors.format.json.JsonFormatFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a Kafka topic: a producer per parallel writer. The value is the table's format over the
 * value columns; the key is 'key.format' over 'key.fields', or the bytes of a {@code _key}
 * column; {@code _partition}, {@code _timestamp} and {@code _headers} columns, when the table
 * declares them, set the record's partition, timestamp and headers.
 */
final class KafkaSink implements Sink {
  private final TableSpec table;

  KafkaSink(TableSpec table) {
    this.table = table;
  }

  @Override
  public SinkWriter createWriter(WriterContext context) {
    if (table.options().get(KafkaConnectorFactory.DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE
        && !context.checkpointing()) {
      throw new ValidationException(table.describe() + ": 'sink.delivery-guarantee' = 'exactly-once' commits Kafka"
          + " transactions with checkpoints: SET 'execution.checkpointing.interval' (or run it as a named pipeline),"
          + " or use 'at-least-once'.");
    }
    KafkaClients.ensureTopic(table);
    return new Writer(context);
  }

  private final class Writer implements SinkWriter {
    private final String topic = table.options().get(KafkaConnectorFactory.TOPIC);
    private final RecordLayout layout;
    private final int[] valueColumns;
    private final Encoder valueEncoder;
    private final Encoder keyEncoder;
    private final SinkPartitioner partitioner = table.options().get(KafkaConnectorFactory.PARTITIONER);
    private final int subtask;
    private final String pipeline;
    /** The producer records go to now: the only one, or (exactly-once) the one with the open transaction. */
    private KafkaProducer<byte[], byte[]> producer;
    private final boolean exactlyOnce =
        table.options().get(KafkaConnectorFactory.DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE;
    /** Exactly-once: each writer's transactional ids are '<prefix>-<subtask>-<n>', n below this. */
    private int transactionalIds;
    /** Exactly-once: producers with no open transaction, ready for the next one. */
    private final java.util.ArrayDeque<Transactional> idle = new java.util.ArrayDeque<>();
    private Transactional current;
    /** Exactly-once: transactions flushed at a checkpoint, committed once it is complete. */
    private final List<Pending> pending = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final int keyColumn;
    private final int partitionColumn;
    private final int timestampColumn;
    private final int headersColumn;
    private final Callback callback;
    private volatile Exception failure;
    private int partitions = -1;
    private long sent;

    Writer(WriterContext context) {
      this.subtask = context.subtask();
      this.pipeline = context.pipeline();
      this.layout = new RecordLayout(context.columns(), table);
      this.valueColumns = layout.valueFormatColumns(table.format().isChangelog());
      this.valueEncoder = table.format().createEncoder(
          new FormatContext(layout.columnsAt(layout.valueColumns), table.options()));
      // a primary key without 'key.format' is encoded in the value's format; a change event format's
      // key is the plain JSON object of the key, as Debezium writes it
      FormatContext keyContext = FormatContext.forKey(layout.columnsAt(layout.keyColumns), table.options());
      if (table.keyFormat() != null) {
        this.keyEncoder = table.keyFormat().createEncoder(keyContext);
      } else if (!layout.keyedByPrimaryKey) {
        this.keyEncoder = null;
      } else if (table.format().isChangelog()) {
        this.keyEncoder = JsonFormatFactory.rowEncoder(keyContext);
      } else {
        this.keyEncoder = table.format().createEncoder(keyContext);
      }
      this.keyColumn = layout.indexOf(RecordLayout.Metadata.KEY);
      this.partitionColumn = layout.indexOf(RecordLayout.Metadata.PARTITION);
      this.timestampColumn = layout.indexOf(RecordLayout.Metadata.TIMESTAMP);
      this.headersColumn = layout.indexOf(RecordLayout.Metadata.HEADERS);
      this.producer = exactlyOnce ? null : new KafkaProducer<>(KafkaClients.producer(table,
          "weir-" + table.name() + "-sink-" + context.subtask()));
      this.callback = (metadata, e) -> {
        if (e != null && failure == null) {
          failure = e;
        }
      };
    }

    @Override
    public void write(VectorSchemaRoot batch) throws Exception {
      if (exactlyOnce && current == null) {
        begin();
      }
      VectorSchemaRoot values = BatchViews.of(batch, valueColumns);
      VectorSchemaRoot keys = keyEncoder == null ? null : BatchViews.of(batch, layout.keyColumns);
      TinyIntVector kinds = layout.upsert ? (TinyIntVector) batch.getVector(layout.rowKindColumn) : null;
      for (int row = 0; row < batch.getRowCount(); row++) {
        checkFailure(); // a failed send stops the writer at once rather than after the batch
        RowKind kind = kinds == null ? RowKind.INSERT : RowKind.of(kinds.get(row));
        // a retraction is a tombstone for its key (as Flink's upsert-kafka): when an update keeps
        // the key its +U follows and wins; when the key changed or a filter dropped the +U, the
        // old row is gone, as it must be
        byte[] value = null;
        if (kind.isAccumulate()) {
          buffer.reset();
          valueEncoder.encode(values, row, buffer);
          value = buffer.toByteArray();
        }
        byte[] key = null;
        if (keys != null) {
          buffer.reset();
          keyEncoder.encode(keys, row, buffer);
          key = buffer.toByteArray();
        } else if (keyColumn >= 0 && !batch.getVector(keyColumn).isNull(row)) {
          key = ((VarBinaryVector) batch.getVector(keyColumn)).get(row);
        }
        producer.send(new ProducerRecord<>(topic, partition(batch, row), timestamp(batch, row), key, value,
            headers(batch, row)), callback);
        sent++;
      }
    }

    private Integer partition(VectorSchemaRoot batch, int row) {
      if (partitionColumn >= 0 && !batch.getVector(partitionColumn).isNull(row)) {
        return ((IntVector) batch.getVector(partitionColumn)).get(row);
      }
      return switch (partitioner) {
        case DEFAULT -> null;
        case FIXED -> subtask % partitionCount();
        case ROUND_ROBIN -> (int) (sent % partitionCount());
      };
    }

    private int partitionCount() {
      if (partitions < 0) {
        partitions = producer.partitionsFor(topic).size();
      }
      return partitions;
    }


    private Long timestamp(VectorSchemaRoot batch, int row) {
      if (timestampColumn < 0 || batch.getVector(timestampColumn).isNull(row)) {
        return null;
      }
      return ((TimeStampVector) batch.getVector(timestampColumn)).get(row);
    }

    /** The record's headers, or null (none, and nothing allocated) when the table writes none. */
    private RecordHeaders headers(VectorSchemaRoot batch, int row) {
      if (headersColumn < 0 || batch.getVector(headersColumn).isNull(row)) {
        return null;
      }
      MapVector map = (MapVector) batch.getVector(headersColumn);
      RecordHeaders headers = new RecordHeaders();
      for (int at = map.getElementStartIndex(row), end = map.getElementEndIndex(row); at < end; at++) {
        headers.add(new String(MapVectors.keys(map).get(at), StandardCharsets.UTF_8),
            MapVectors.values(map).isNull(at) ? null : MapVectors.values(map).get(at));
      }
      return headers;
    }

    private void checkFailure() {
      Exception e = failure;
      if (e != null) {
        throw new ConnectorException("Writing " + table.describe() + " to Kafka topic '" + topic + "' failed: "
            + e.getMessage(), e instanceof org.apache.kafka.common.errors.RetriableException, e);
      }
    }

    /** Waits until every record sent so far is acknowledged by the brokers (at-least-once). */
    @Override
    public void flush() {
      if (producer != null) {
        producer.flush();
      }
      checkFailure();
    }

    // ---- exactly-once: a transaction per checkpoint

    /** A transactional producer and its id. */
    private record Transactional(String id, KafkaProducer<byte[], byte[]> producer) {}

    /** A transaction flushed at checkpoint {@code checkpoint}, to commit when it completes. */
    private record Pending(long checkpoint, Transactional producer, KafkaTransactions.Handle handle) {}

    /** By default the pipeline's name: stable across its restarts, and apart from other pipelines' ids. */
    private String transactionalPrefix() {
      String prefix = table.options().get(KafkaConnectorFactory.TRANSACTIONAL_ID_PREFIX);
      return (prefix != null ? prefix : "weir-" + pipeline) + "-" + subtask + "-";
    }

    private long transactionTimeoutMillis() {
      Object configured = KafkaClients.producer(table, "timeout").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
      return configured == null ? TimeUnit.MINUTES.toMillis(15) : Long.parseLong(configured.toString());
    }

    private KafkaProducer<byte[], byte[]> transactional(String id) {
      Map<String, Object> config = KafkaClients.producer(table, id);
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      // long enough for a checkpoint, a crash and a restart: a transaction the brokers abort is lost
      config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TimeUnit.MINUTES.toMillis(15));
      return new KafkaProducer<>(config);
    }

    /** Opens the next transaction, on an idle producer or a new transactional id. */
    private void begin() {
      current = idle.poll();
      if (current == null) {
        String id = transactionalPrefix() + transactionalIds++;
        current = new Transactional(id, transactional(id));
        current.producer().initTransactions(); // fences an older producer of the id, aborting what it left open
        requireTransactionsV2(current.producer());
      }
      current.producer().beginTransaction();
      producer = current.producer();
    }

    @Override
    public byte[] precommit(long checkpointId) throws java.io.IOException {
      if (!exactlyOnce) {
        flush();
        return new byte[0];
      }
      if (current != null) {
        current.producer().flush();
        checkFailure();
        pending.add(new Pending(checkpointId, current, KafkaTransactions.handle(current.producer(), current.id(),
            System.currentTimeMillis())));
        current = null;
        producer = null;
      }
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
        out.writeInt(transactionalIds);
        out.writeInt(pending.size());
        for (Pending p : pending) {
          out.writeUTF(p.handle().transactionalId());
          out.writeLong(p.handle().producerId());
          out.writeShort(p.handle().epoch());
          out.writeLong(p.handle().flushedAtMillis());
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public void commit(long checkpointId) {
      for (java.util.Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.checkpoint() <= checkpointId) {
          p.producer().producer().commitTransaction();
          idle.add(p.producer());
          it.remove();
        }
      }
    }

    /**
     * Commits the transactions the checkpoint had flushed (the process may have died before it
     * did), then aborts whatever else the writer's transactional ids left open.
     */
    @Override
    public void recover(byte[] precommitted) throws java.io.IOException {
      if (!exactlyOnce || precommitted.length == 0) {
        return;
      }
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(precommitted));
      int ids = in.readInt();
      for (int i = 0, n = in.readInt(); i < n; i++) {
        KafkaTransactions.Handle handle = new KafkaTransactions.Handle(in.readUTF(), in.readLong(), in.readShort(),
            in.readLong());
        try (KafkaProducer<byte[], byte[]> resumed = transactional(handle.transactionalId())) {
          KafkaTransactions.resume(resumed, handle, topic);
          resumed.commitTransaction();
        } catch (org.apache.kafka.common.errors.ProducerFencedException
            | org.apache.kafka.common.errors.InvalidTxnStateException e) {
          // fenced: the epoch moved on, because the crashed run committed this transaction and reused the id, or
          // because the brokers aborted it when its timeout passed; only the second loses records
          if (System.currentTimeMillis() - handle.flushedAtMillis() >= transactionTimeoutMillis()
              || e instanceof org.apache.kafka.common.errors.InvalidTxnStateException) {
            throw new ConnectorException("The Kafka transaction " + handle.transactionalId() + " of "
                + table.describe() + " was flushed at a checkpoint longer ago than its transaction.timeout.ms, so the"
                + " brokers may have aborted it before this restore could commit it, and its records may be lost."
                + " Restart sooner, or raise 'properties.transaction.timeout.ms'.", false, e);
          }
        }
      }
      transactionalIds = ids + 1; // the crashed run may have begun one more id after the checkpoint
      for (int k = 0; k < transactionalIds; k++) {
        String id = transactionalPrefix() + k;
        KafkaProducer<byte[], byte[]> p = transactional(id);
        p.initTransactions(); // aborts what the crashed run left open under this id
        idle.add(new Transactional(id, p));
      }
    }

    /** Exactly-once without checkpoints: the whole output is one transaction per writer, committed here. */
    @Override
    public void finish() {
      if (!exactlyOnce) {
        flush();
        return;
      }
      if (current != null) {
        current.producer().flush();
        checkFailure();
        current.producer().commitTransaction();
        idle.add(current);
        current = null;
        producer = null;
      }
      commit(Long.MAX_VALUE);
    }

    /**
     * Exactly-once: the open transaction holds only records a restore writes again, so it is
     * aborted; precommitted ones are left as they are (closed at once, which does not abort them),
     * as their checkpoint may complete and a restore commit them.
     */
    @Override
    public void close() {
      if (!exactlyOnce) {
        producer.close(Duration.ofSeconds(30));
        return;
      }
      if (current != null) {
        try {
          current.producer().abortTransaction();
        } catch (RuntimeException e) {
          // a broken producer: the brokers abort it at its timeout, or a restore does
        }
        current.producer().close(Duration.ofSeconds(5));
      }
      idle.forEach(t -> t.producer().close(Duration.ofSeconds(5)));
      pending.forEach(p -> p.producer().producer().close(Duration.ZERO));
    }

    /**
     * Under Kafka's first transaction protocol the epoch stays the same across a producer's
     * transactions, so a restore could not tell the checkpoint's transaction from a later one.
     */
    private void requireTransactionsV2(KafkaProducer<byte[], byte[]> p) {
      if (!KafkaTransactions.usesTransactionsV2(p)) {
        throw new ConnectorException(table.describe() + ": 'exactly-once' needs brokers that use Kafka's"
            + " transaction protocol version 2 (Kafka 4.0 or later, with the 'transaction.version' feature at 2).",
            false, null);
      }
    }
  }

}
