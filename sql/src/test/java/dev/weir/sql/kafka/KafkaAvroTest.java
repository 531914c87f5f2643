package dev.weir.sql.kafka;

import static dev.weir.sql.kafka.KafkaTestSupport.producer;
import static dev.weir.sql.kafka.KafkaTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.sql.session.Weir;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Avro through Kafka, checked against Avro's own generic reader and writer. */
class KafkaAvroTest {
  private static LocalKafkaBroker broker;
  private static TestSchemaRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    broker = LocalKafkaBroker.start();
    registry = new TestSchemaRegistry();
  }

  @AfterAll
  static void stop() {
    registry.close();
    broker.close();
  }

  private String kafka(String topic, String format) {
    return " WITH ('connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '"
        + broker.bootstrapServers() + "', 'format' = '" + format + "', "
        + (format.equals("avro-confluent") ? "'avro-confluent.url' = '" + registry.url() + "', " : "")
        + "'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset')";
  }

  @Test
  void writesTheRegistryWireFormatThatAvroReads() throws Exception {
    try (Weir weir = Weir.create(2)) {
      weir.execute("CREATE TABLE payments (id BIGINT NOT NULL, payer STRING, amount DECIMAL(10, 2), paid TIMESTAMP(3),"
          + " ok BOOLEAN)" + kafka("payments", "avro-confluent"));
      weir.execute("INSERT INTO payments VALUES (1, 'ada', 12.50, TIMESTAMP '2024-05-06 07:08:09.010', TRUE),"
          + " (2, CAST(NULL AS STRING), CAST(NULL AS DECIMAL(10, 2)), CAST(NULL AS TIMESTAMP(3)), FALSE)");
      List<ConsumerRecord<byte[], byte[]>> records = readAll(broker, "payments");
      ByteBuffer first = ByteBuffer.wrap(records.get(0).value());
      assertEquals(0, first.get(), "magic byte");
      int id = first.getInt();
      Schema schema = registry.schema(id);
      GenericRecord r = new GenericDatumReader<GenericRecord>(schema).read(null,
          DecoderFactory.get().binaryDecoder(first.array(), 5, first.remaining(), null));
      assertEquals(1L, r.get("id"));
      assertEquals("ada", r.get("payer").toString());
      ByteBuffer unscaled = (ByteBuffer) r.get("amount");
      byte[] digits = new byte[unscaled.remaining()];
      unscaled.get(digits);
      assertEquals(new BigDecimal("12.50"), new BigDecimal(new BigInteger(digits), 2));
      assertEquals(1714979289010L, r.get("paid"));
      assertEquals(true, r.get("ok"));

      // and Weir reads back what it wrote
      assertEquals(List.of(List.of(1L, "ada", "12.50"), Arrays.asList(2L, null, null)),
          weir.query("SELECT id, payer, CAST(amount AS STRING) FROM payments").toList().stream()
              .map(row -> row.values()).toList());
    }
  }

  @Test
  void keysAndValuesAreRegisteredUnderTheirOwnSubjects() throws Exception {
    try (Weir weir = Weir.create(2)) {
      weir.execute("CREATE TABLE keyed_avro (id BIGINT NOT NULL, v STRING, PRIMARY KEY (id) NOT ENFORCED)"
          + kafka("keyed_avro", "avro-confluent"));
      weir.execute("INSERT INTO keyed_avro VALUES (1, 'one')");
      ConsumerRecord<byte[], byte[]> r = readAll(broker, "keyed_avro").get(0);
      Schema key = registry.schema(ByteBuffer.wrap(r.key(), 1, 4).getInt());
      Schema value = registry.schema(ByteBuffer.wrap(r.value(), 1, 4).getInt());
      assertEquals(List.of("id"), key.getFields().stream().map(Schema.Field::name).toList());
      assertEquals(List.of("id", "v"), value.getFields().stream().map(Schema.Field::name).toList());
      assertEquals(List.of("keyed_avro-key", "keyed_avro-value"), registry.subjects().stream()
          .filter(s -> s.startsWith("keyed_avro")).sorted().toList());
    }
  }

  @Test
  void readsRecordsWrittenWithAnEvolvedSchema() throws Exception {
    // another producer's schema: an extra field, a missing nullable one, an int where the table has BIGINT
    Schema writer = SchemaBuilder.record("Click").fields()
        .requiredInt("user")
        .requiredString("page")
        .requiredString("referrer")
        .endRecord();
    int id = registry.register(writer);
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int i = 0; i < 3; i++) {
        GenericRecord rec = new GenericData.Record(writer);
        rec.put("user", i);
        rec.put("page", "/p" + i);
        rec.put("referrer", "r");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(rec, enc);
        enc.flush();
        p.send(new ProducerRecord<>("clicks_avro", out.toByteArray())).get();
      }
    }
    try (Weir weir = Weir.create(2)) {
      weir.execute("CREATE TABLE clicks_avro (`user` BIGINT, page STRING, campaign STRING)"
          + kafka("clicks_avro", "avro-confluent"));
      assertEquals(List.of(Arrays.asList(0L, "/p0", null), Arrays.asList(1L, "/p1", null),
              Arrays.asList(2L, "/p2", null)),
          weir.query("SELECT `user`, page, campaign FROM clicks_avro").toList().stream().map(r -> r.values()).toList());
    }
  }

  @Test
  void plainAvroRoundTripsAndAForeignRecordIsABadRecord() throws Exception {
    try (Weir weir = Weir.create(2)) {
      weir.execute("CREATE TABLE plain (a INT, b STRING, c DOUBLE)" + kafka("plain_avro", "avro"));
      weir.execute("INSERT INTO plain VALUES (1, 'x', 0.5), (2, 'y', CAST(NULL AS DOUBLE))");
      assertEquals(List.of(List.of(1, "x", 0.5), Arrays.asList(2, "y", null)),
          weir.query("SELECT a, b, c FROM plain").toList().stream().map(r -> r.values()).toList());
      try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
        p.send(new ProducerRecord<>("plain_avro", new byte[] {(byte) 0xff, 1})).get();
      }
      Exception e = assertThrows(Exception.class,
          () -> weir.query("SELECT a FROM plain").toList());
      assertTrue(e.getMessage().contains("Malformed record in topic 'plain_avro' partition 0 at offset 2"),
          e.getMessage());
    }
  }
}
