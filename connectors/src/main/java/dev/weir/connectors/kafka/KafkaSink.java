package dev.weir.connectors.kafka;

import dev.weir.catalog.connector.ConnectorException;
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
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
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
    private final KafkaProducer<byte[], byte[]> producer;
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
      this.producer = new KafkaProducer<>(KafkaClients.producer(table,
          "weir-" + table.name() + "-sink-" + context.subtask()));
      this.callback = (metadata, e) -> {
        if (e != null && failure == null) {
          failure = e;
        }
      };
    }

    @Override
    public void write(VectorSchemaRoot batch) throws Exception {
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
      producer.flush();
      checkFailure();
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(30));
    }
  }

}
