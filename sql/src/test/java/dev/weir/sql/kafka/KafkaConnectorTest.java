package dev.weir.sql.kafka;

import static dev.weir.sql.kafka.KafkaTestSupport.producer;
import static dev.weir.sql.kafka.KafkaTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.engine.runtime.Job;
import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.sql.plan.SqlPlanner;
import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.Row;
import dev.weir.sql.session.StatementResult;
import dev.weir.sql.session.Weir;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.sql.SqlInsert;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kafka connector against a real single-node broker, shared by the tests of this class. */
class KafkaConnectorTest {
  private static LocalKafkaBroker broker;
  private Weir weir;

  @BeforeAll
  static void startBroker() {
    broker = LocalKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void startWeir() {
    weir = Weir.create(2);
  }

  @AfterEach
  void closeWeir() {
    weir.close();
  }

  private String with(String topic, String extra) {
    return " WITH ('connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '"
        + broker.bootstrapServers() + "'" + (extra.isEmpty() ? "" : ", " + extra) + ")";
  }

  private static final String BOUNDED = "'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset'";

  @Test
  void showPipelinesTellsHowManyRecordsAKafkaPipelineHasStillToRead() throws Exception {
    broker.createTopic("lagging", 1);
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int n = 0; n < 2000; n++) {
        p.send(new ProducerRecord<>("lagging", ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8)));
      }
    }
    weir.session().setStateDirectory(java.nio.file.Files.createTempDirectory("weir-lag"));
    weir.execute("CREATE TABLE lagging (n BIGINT)" + with("lagging", "'format' = 'json',"
        + " 'scan.startup.mode' = 'earliest-offset', 'source.rate-limit' = '500'"));
    weir.execute("CREATE TABLE drain (n BIGINT) WITH ('connector' = 'blackhole')");
    weir.execute("CREATE PIPELINE behind AS INSERT INTO drain SELECT n FROM lagging");
    List<Long> seen = new ArrayList<>();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline && (seen.isEmpty() || seen.get(seen.size() - 1) > 0)) {
      StatementResult.Table t = (StatementResult.Table) weir.execute("SHOW PIPELINES");
      assertEquals("lag", t.columns().get(4));
      String lag = t.rows().get(0).get(4);
      if (!lag.isEmpty()) {
        seen.add(Long.parseLong(lag));
      }
      Thread.sleep(100);
    }
    weir.execute("DROP PIPELINE behind");
    assertTrue(seen.stream().anyMatch(l -> l > 0 && l < 2000), "behind while it reads at 500 records/s: " + seen);
    assertEquals(0, seen.get(seen.size() - 1), "caught up: " + seen);
  }

  @Test
  void metadataColumnsHoldWhatTheProducerWrote() throws Exception {
    broker.createTopic("meta", 3);
    Map<Long, RecordMetadata> written = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (long n = 0; n < 30; n++) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("n", Long.toString(n).getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        written.put(n, p.send(new ProducerRecord<>("meta", (int) (n % 3), 1_700_000_000_000L + n,
            ("k" + n).getBytes(StandardCharsets.UTF_8), ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8),
            headers)).get());
      }
    }
    // two readers share the three partitions; each record is read once
    weir.execute("CREATE TABLE meta (n BIGINT)" + with("meta", "'format' = 'json', 'parallelism' = '2', " + BOUNDED));
    try (QueryResult result = weir.query(
        "SELECT n, _key, _partition, _offset, _timestamp, _headers, _headers['n'], _topic FROM meta")) {
      List<Row> rows = result.toList();
      assertEquals(30, rows.size());
      assertEquals(30, rows.stream().map(r -> r.get(0)).distinct().count());
      for (Row row : rows) {
        long n = (Long) row.get(0);
        RecordMetadata m = written.get(n);
        assertArrayEquals(("k" + n).getBytes(StandardCharsets.UTF_8), (byte[]) row.get(1));
        assertEquals(m.partition(), row.get(2));
        assertEquals(m.offset(), row.get(3));
        assertEquals(1_700_000_000_000L + n, row.get(4));
        @SuppressWarnings("unchecked")
        Map<String, byte[]> headers = (Map<String, byte[]>) row.get(5);
        assertEquals(List.of("n", "empty"), new ArrayList<>(headers.keySet()));
        assertArrayEquals(Long.toString(n).getBytes(StandardCharsets.UTF_8), headers.get("n"));
        assertEquals(null, headers.get("empty"));
        assertArrayEquals(Long.toString(n).getBytes(StandardCharsets.UTF_8), (byte[]) row.get(6));
        assertEquals("meta", row.get(7));
      }
    }
    // Flink's spelling of metadata columns reads the same values
    weir.execute("CREATE TABLE meta_flink (n BIGINT, `part` INT METADATA FROM 'partition' VIRTUAL,"
        + " `off` BIGINT METADATA FROM 'offset' VIRTUAL)" + with("meta", "'format' = 'json', " + BOUNDED));
    try (QueryResult result = weir.query("SELECT n, `part`, `off` FROM meta_flink")) {
      for (Row row : result.toList()) {
        RecordMetadata m = written.get((Long) row.get(0));
        assertEquals(List.of(m.partition(), m.offset()), List.of(row.get(1), row.get(2)));
      }
    }
  }

  @Test
  void aKeyedSinkWritesEachRecordToThePartitionKafkasPartitionerPicks() throws Exception {
    broker.createTopic("keyed_out", 4);
    weir.execute("CREATE TABLE keyed_out (id BIGINT, name STRING)"
        + with("keyed_out", "'format' = 'json', 'key.format' = 'json', 'key.fields' = 'id'"));
    weir.execute("INSERT INTO keyed_out SELECT CAST(x AS BIGINT), 'n' || CAST(x AS STRING) FROM"
        + " (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)) AS v(x)");
    List<ConsumerRecord<byte[], byte[]>> records = readAll(broker, "keyed_out");
    assertEquals(12, records.size());
    Set<Integer> partitions = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertTrue(key.matches("\\{\"id\":\\d+}"), key);
      assertEquals(Utils.toPositive(Utils.murmur2(r.key())) % 4, r.partition(), "partition of key " + key);
      partitions.add(r.partition());
      // value.fields-include = ALL: the key column is in the value too
      assertTrue(new String(r.value(), StandardCharsets.UTF_8).startsWith("{\"id\":"));
    }
    assertTrue(partitions.size() > 1, "keys spread over partitions");
  }

  @Test
  void readCommittedHidesAbortedTransactions() throws Exception {
    broker.createTopic("txn", 1);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        "weir-test-txn"), new ByteArraySerializer(), new ByteArraySerializer())) {
      p.initTransactions();
      p.beginTransaction();
      p.send(new ProducerRecord<>("txn", "{\"n\": 1}".getBytes(StandardCharsets.UTF_8)));
      p.commitTransaction();
      p.beginTransaction();
      p.send(new ProducerRecord<>("txn", "{\"n\": 2}".getBytes(StandardCharsets.UTF_8)));
      p.flush();
      p.abortTransaction();
      p.beginTransaction();
      p.send(new ProducerRecord<>("txn", "{\"n\": 3}".getBytes(StandardCharsets.UTF_8)));
      p.commitTransaction();
    }
    weir.execute("CREATE TABLE txn_committed (n INT)" + with("txn", "'format' = 'json', " + BOUNDED));
    weir.execute("CREATE TABLE txn_all (n INT)" + with("txn", "'format' = 'json', 'isolation.level' ="
        + " 'read_uncommitted', " + BOUNDED));
    assertEquals(List.of(1, 3), weir.query("SELECT n FROM txn_committed").toList().stream().map(r -> r.get(0)).toList());
    assertEquals(List.of(1, 2, 3), weir.query("SELECT n FROM txn_all").toList().stream().map(r -> r.get(0)).toList());
  }

  @Test
  void roundRobinAndFixedPartitioners() throws Exception {
    broker.createTopic("rr", 3);
    broker.createTopic("fixed", 3);
    weir.execute("CREATE TABLE rr (x INT)" + with("rr", "'format' = 'json', 'sink.partitioner' = 'round-robin'"));
    weir.execute("CREATE TABLE fixed (x INT)" + with("fixed", "'format' = 'json', 'sink.partitioner' = 'fixed'"));
    String values = " VALUES (1), (2), (3), (4), (5), (6)";
    weir.execute("INSERT INTO rr" + values);
    weir.execute("INSERT INTO fixed" + values);
    Map<Integer, Integer> perPartition = new TreeMap<>();
    readAll(broker, "rr").forEach(r -> perPartition.merge(r.partition(), 1, Integer::sum));
    assertEquals(Map.of(0, 2, 1, 2, 2, 2), perPartition);
    assertTrue(readAll(broker, "fixed").stream().allMatch(r -> r.partition() == 0), "one writer, one partition");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "avro", "debezium-json"})
  void eachFormatRoundTripsThroughATopic(String format) throws Exception {
    String topic = "round_trip_" + format.replace('-', '_');
    weir.execute("CREATE TABLE " + topic + " (id BIGINT, name STRING, price DECIMAL(10, 2), happened TIMESTAMP(3),"
        + " ok BOOLEAN, born DATE)" + with(topic, "'format' = '" + format + "', " + BOUNDED));
    weir.execute("INSERT INTO " + topic + " VALUES (1, 'a,b \"c\"', 12.50, TIMESTAMP '2024-01-02 03:04:05.678', TRUE,"
        + " DATE '2024-01-02'), (2, CAST(NULL AS STRING), CAST(NULL AS DECIMAL(10, 2)), CAST(NULL AS TIMESTAMP(3)),"
        + " CAST(NULL AS BOOLEAN), CAST(NULL AS DATE))");
    try (QueryResult result = weir.query("SELECT id, name, CAST(price AS STRING), CAST(happened AS STRING), ok,"
        + " CAST(born AS STRING) FROM " + topic)) {
      assertEquals(List.of(List.of(1L, "a,b \"c\"", "12.50", "2024-01-02 03:04:05.678", true, "2024-01-02"),
          Arrays.asList(2L, null, null, null, null, null)),
          result.toList().stream().map(Row::values).toList());
    }
  }

  @Test
  void rawRoundTripsBytesAndText() throws Exception {
    weir.execute("CREATE TABLE raw_bytes (b BYTES)" + with("raw_rt", "'format' = 'raw', " + BOUNDED));
    weir.execute("CREATE TABLE raw_text (t STRING)" + with("raw_rt", "'format' = 'raw', " + BOUNDED));
    weir.execute("INSERT INTO raw_bytes VALUES (x'00ff10')");
    weir.execute("INSERT INTO raw_text VALUES ('h\u00e9llo')");
    List<Row> bytes = weir.query("SELECT b FROM raw_bytes").toList();
    assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, (byte[]) bytes.get(0).get(0));
    assertArrayEquals("h\u00e9llo".getBytes(StandardCharsets.UTF_8), (byte[]) bytes.get(1).get(0));
    assertEquals("h\u00e9llo", weir.query("SELECT t FROM raw_text").toList().get(1).get(0));
  }

  @Test
  void filterFromTopicToTopic() throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int i = 0; i < 1000; i++) {
        p.send(new ProducerRecord<>("events", ("{\"id\": " + i + ", \"kind\": \"" + (i % 3 == 0 ? "click" : "view")
            + "\"}").getBytes(StandardCharsets.UTF_8)));
      }
    }
    weir.execute("CREATE TABLE events (id BIGINT, kind STRING)" + with("events", "'format' = 'json', " + BOUNDED));
    weir.execute("CREATE TABLE clicks (id BIGINT, source_offset BIGINT)" + with("clicks", "'format' = 'csv'"));
    weir.execute("INSERT INTO clicks SELECT id, _offset FROM events WHERE kind = 'click'");
    List<ConsumerRecord<byte[], byte[]>> out = readAll(broker, "clicks");
    assertEquals(334, out.size(), "each click once");
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 1000; i += 3) {
      expected.add(i + "," + i); // one partition: offset = position in the topic
    }
    Set<String> actual = new HashSet<>();
    out.forEach(r -> actual.add(new String(r.value(), StandardCharsets.UTF_8)));
    assertEquals(expected, actual);
  }

  @Test
  void watermarksArePerPartitionSoALaggingPartitionIsNotLate() throws Exception {
    broker.createTopic("clicks_by_part", 2);
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int part = 0; part < 2; part++) {
        for (int s = 0; s < 10; s++) {
          p.send(new ProducerRecord<>("clicks_by_part", part, null,
              ("{\"ts\": \"2024-01-01 10:00:0" + s + "\"}").getBytes(StandardCharsets.UTF_8))).get();
        }
      }
    }
    weir.execute("CREATE TABLE clicks_by_part (ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
        + with("clicks_by_part", "'format' = 'json', 'parallelism' = '1', " + BOUNDED));
    try (QueryResult result = weir.query("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks_by_part,"
        + " DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end")) {
      Map<Object, Object> counts = new TreeMap<>();
      result.toList().forEach(r -> counts.put(r.get(0), r.get(1)));
      // both partitions' rows of each window count: partition 1 is read after partition 0 is far ahead
      assertEquals(List.of(10L, 10L), new ArrayList<>(counts.values()));
    }
  }

  @Test
  void anUnboundedSourcePicksUpPartitionsAddedWhileItRuns() throws Exception {
    broker.createTopic("growing", 1);
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      p.send(new ProducerRecord<>("growing", 0, null, "{\"x\": 1}".getBytes(StandardCharsets.UTF_8))).get();
    }
    weir.execute("CREATE TABLE growing (x INT)" + with("growing", "'format' = 'json',"
        + " 'scan.startup.mode' = 'earliest-offset', 'scan.topic-partition-discovery.interval' = '500 ms'"));
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (QueryResult result = weir.query("SELECT x, _partition FROM growing LIMIT 2")) {
        Iterator<Row> rows = result.iterator();
        assertEquals(List.of(1, 0), rows.next().values());
        try (var admin = broker.admin()) {
          admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
          p.send(new ProducerRecord<>("growing", 1, null, "{\"x\": 2}".getBytes(StandardCharsets.UTF_8))).get();
        }
        assertEquals(List.of(2, 1), rows.next().values());
      }
    });
  }

  @Test
  void aTopicPatternReadsEveryMatchingTopicAndListsOfTopicsToo() throws Exception {
    produceNumbers("logs_eu", 0, 3);
    produceNumbers("logs_us", 10, 12);
    produceNumbers("other", 100, 101);
    weir.execute("CREATE TABLE logs (n INT) WITH ('connector' = 'kafka', 'topic-pattern' = 'logs_.*',"
        + " 'properties.bootstrap.servers' = '" + broker.bootstrapServers() + "', 'format' = 'json', " + BOUNDED + ")");
    Set<List<Object>> rows = new HashSet<>();
    weir.query("SELECT _topic, n FROM logs").toList().forEach(r -> rows.add(r.values()));
    assertEquals(Set.of(List.of("logs_eu", 0), List.of("logs_eu", 1), List.of("logs_eu", 2), List.of("logs_us", 10),
        List.of("logs_us", 11)), rows);
    weir.execute("CREATE TABLE two_topics (n INT)" + with("logs_us;other", "'format' = 'json', " + BOUNDED));
    Set<Object> values = new HashSet<>();
    weir.query("SELECT n FROM two_topics").toList().forEach(r -> values.add(r.get(0)));
    assertEquals(Set.of(10, 11, 100), values);
  }

  @Test
  void groupOffsetsResumeWhereTheGroupLeftOff() throws Exception {
    broker.createTopic("resumable", 2);
    produceNumbers("resumable", 0, 10);
    String table = "CREATE TABLE resumable (n INT)" + with("resumable", "'format' = 'json',"
        + " 'properties.group.id' = 'weir-test', 'scan.startup.mode' = 'group-offsets',"
        + " 'properties.auto.offset.reset' = 'earliest', 'scan.bounded.mode' = 'latest-offset'");
    weir.execute(table);
    assertEquals(10, weir.query("SELECT n FROM resumable").toList().size());
    try (var admin = broker.admin()) {
      // committed when the query returns: the group holds the end of both partitions
      long committed = admin.listConsumerGroupOffsets("weir-test").partitionsToOffsetAndMetadata().get().values()
          .stream().mapToLong(o -> o.offset()).sum();
      assertEquals(10, committed);
    }
    produceNumbers("resumable", 10, 15);
    try (QueryResult second = weir.query("SELECT n FROM resumable")) {
      Set<Object> seen = new HashSet<>();
      second.toList().forEach(r -> seen.add(r.get(0)));
      assertEquals(Set.of(10, 11, 12, 13, 14), seen);
    }
  }

  @Test
  void aBoundedReadCommitsWhereItStoppedNotWhereItFetched() throws Exception {
    broker.createTopic("stopped", 1);
    produceNumbers("stopped", 0, 10);
    String options = "'format' = 'json', 'properties.group.id' = 'weir-stop', 'properties.auto.offset.reset' ="
        + " 'earliest', 'scan.startup.mode' = 'group-offsets'";
    weir.execute("CREATE TABLE first_half (n INT)" + with("stopped", options + ", 'scan.bounded.mode' ="
        + " 'specific-offsets', 'scan.bounded.specific-offsets' = 'partition:0,offset:5'"));
    weir.execute("CREATE TABLE the_rest (n INT)" + with("stopped", options + ", 'scan.bounded.mode' = 'latest-offset'"));
    assertEquals(List.of(0, 1, 2, 3, 4), weir.query("SELECT n FROM first_half").toList().stream().map(r -> r.get(0))
        .toList());
    assertEquals(List.of(5, 6, 7, 8, 9), weir.query("SELECT n FROM the_rest").toList().stream().map(r -> r.get(0))
        .toList());
  }

  @Test
  void aQuietPartitionStopsHoldingBackWindowsAfterTheIdleTimeout() throws Exception {
    broker.createTopic("lopsided", 2);
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (String ts : List.of("00:00:01", "00:00:07", "00:00:12")) {
        p.send(new ProducerRecord<>("lopsided", 0, null,
            ("{\"ts\": \"2024-01-01 " + ts + "\"}").getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    weir.execute("CREATE TABLE lopsided (ts TIMESTAMP(3), WATERMARK FOR ts AS ts)" + with("lopsided",
        "'format' = 'json', 'parallelism' = '1', 'scan.startup.mode' = 'earliest-offset',"
            + " 'source.idle-timeout' = '500 ms'"));
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      try (QueryResult result = weir.query("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE lopsided,"
          + " DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end LIMIT 1")) {
        // partition 1 never has a row: once it is idle, partition 0 alone moves the watermark
        assertEquals(2L, result.toList().get(0).get(1));
      }
    });
  }

  @Test
  void aRunningCountPerKeyIsUpsertedIntoACompactedView() throws Exception {
    broker.createTopic("page_views", 2);
    weir.execute("CREATE TABLE page_views (page STRING)" + with("page_views", "'format' = 'json',"
        + " 'scan.startup.mode' = 'earliest-offset'"));
    weir.execute("CREATE TABLE page_counts (page STRING, views BIGINT, PRIMARY KEY (page) NOT ENFORCED)"
        + with("page_counts", "'format' = 'json'"));
    SqlInsert insert = (SqlInsert) SqlPlanner.parseScript(
        "INSERT INTO page_counts SELECT page, COUNT(*) FROM page_views GROUP BY page").get(0);
    try (Job job = weir.session().startInsert(insert)) {
      Map<String, Integer> expected = new TreeMap<>();
      try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
        for (int i = 0; i < 60; i++) {
          String page = "/p" + (i % 3 == 0 ? 0 : i % 5);
          expected.merge("{\"page\":\"" + page + "\"}", 1, Integer::sum);
          p.send(new ProducerRecord<>("page_views", ("{\"page\": \"" + page + "\"}").getBytes(StandardCharsets.UTF_8)))
              .get();
        }
      }
      // the latest value per key (what compaction keeps) is each page's count
      Map<String, String> latest = new TreeMap<>();
      KafkaTestSupport.readUntil(broker, "page_counts", records -> {
        latest.clear();
        records.forEach(r -> latest.put(new String(r.key(), StandardCharsets.UTF_8),
            r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)));
        return latest.size() == expected.size() && expected.entrySet().stream().allMatch(e ->
            ("{\"page\":" + e.getKey().substring(8, e.getKey().length() - 1) + ",\"views\":" + e.getValue() + "}")
                .equals(latest.get(e.getKey())));
      });
      job.cancel();
    }
  }

  @Test
  void upsertKafkaReadsTheLatestValuePerKeyAsAChangelogAndWritesIt() throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      String[][] records = {{"1", "{\"id\": 1, \"v\": 10}"}, {"2", "{\"id\": 2, \"v\": 20}"},
          {"1", "{\"id\": 1, \"v\": 11}"}, {"2", null}, {"3", null}, {"2", "{\"id\": 2, \"v\": 22}"}};
      for (String[] r : records) {
        p.send(new ProducerRecord<>("latest", 0, ("{\"id\": " + r[0] + "}").getBytes(StandardCharsets.UTF_8),
            r[1] == null ? null : r[1].getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    String options = "'connector' = 'upsert-kafka', 'properties.bootstrap.servers' = '" + broker.bootstrapServers()
        + "', 'key.format' = 'json', 'value.format' = 'json'";
    weir.execute("CREATE TABLE latest (id BIGINT, v INT, PRIMARY KEY (id) NOT ENFORCED) WITH (" + options
        + ", 'topic' = 'latest', 'scan.bounded.mode' = 'latest-offset')");
    try (QueryResult changes = weir.query("SELECT id, v FROM latest")) {
      assertTrue(changes.isChangelog());
      // a tombstone for a key without a row (3) changes nothing
      assertEquals(List.of("+I 1 10", "+I 2 20", "-U 1 10", "+U 1 11", "-D 2 20", "+I 2 22"), changes.toList()
          .stream().map(r -> r.kind() + " " + r.get(0) + " " + r.get(1)).toList());
    }
    // an aggregate over it, written back as upserts by key
    weir.execute("CREATE TABLE totals (grp INT, total BIGINT, PRIMARY KEY (grp) NOT ENFORCED) WITH (" + options
        + ", 'topic' = 'totals')");
    weir.execute("INSERT INTO totals SELECT 1, SUM(v) FROM latest GROUP BY 1");
    List<String> totals = readAll(broker, "totals").stream()
        .map(r -> r.value() == null ? "tombstone" : new String(r.value(), StandardCharsets.UTF_8)).toList();
    assertEquals("{\"grp\":1,\"total\":33}", totals.get(totals.size() - 1), "the latest total: 11 + 22");
    assertTrue(assertThrows(Exception.class, () -> weir.execute("CREATE TABLE keyless (id BIGINT) WITH (" + options
        + ", 'topic' = 'x')")).getMessage().contains("connector 'upsert-kafka' needs a PRIMARY KEY"));
  }

  /**
   * An upsert-kafka source resumes from a checkpoint with each key's latest record: an update
   * that arrives after the restart still retracts the row the first run emitted.
   */
  @Test
  void anUpsertSourceResumesWithTheLatestRecordOfEachKey() throws Exception {
    broker.createTopic("upserts", 1);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("weir-upsert");
    String[] setup = {"CREATE TABLE upserts (id BIGINT, v INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' ="
        + " 'upsert-kafka', 'properties.bootstrap.servers' = '" + broker.bootstrapServers() + "', 'key.format' ="
        + " 'json', 'value.format' = 'json', 'topic' = 'upserts')",
        "CREATE TABLE changes (id BIGINT, v INT) WITH ('connector' = 'filesystem', 'path' = '" + dir.resolve("out")
            + "/', 'format' = 'debezium-json')",
        "SET 'execution.checkpointing.interval' = '100ms'",
        "SET 'execution.checkpointing.dir' = '" + dir.resolve("checkpoints") + "'", "SET 'pipeline.name' = 'up'"};
    produceUpserts(new String[][] {{"1", "{\"id\": 1, \"v\": 10}"}, {"2", "{\"id\": 2, \"v\": 20}"}});
    runUntil(setup, dir, 2);
    produceUpserts(new String[][] {{"1", "{\"id\": 1, \"v\": 11}"}, {"2", null}});
    List<String> lines = runUntil(setup, dir, 5);
    assertEquals(List.of("{\"before\":null,\"after\":{\"id\":1,\"v\":10},\"op\":\"c\"}",
        "{\"before\":null,\"after\":{\"id\":2,\"v\":20},\"op\":\"c\"}",
        "{\"before\":{\"id\":1,\"v\":10},\"after\":null,\"op\":\"d\"}",
        "{\"before\":null,\"after\":{\"id\":1,\"v\":11},\"op\":\"c\"}",
        "{\"before\":{\"id\":2,\"v\":20},\"after\":null,\"op\":\"d\"}"), lines);
  }

  private void produceUpserts(String[][] records) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (String[] r : records) {
        p.send(new ProducerRecord<>("upserts", 0, ("{\"id\": " + r[0] + "}").getBytes(StandardCharsets.UTF_8),
            r[1] == null ? null : r[1].getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }

  /** Runs the named pipeline until its committed files hold {@code lines} lines and a checkpoint more, then stops it. */
  private List<String> runUntil(String[] setup, java.nio.file.Path dir, int lines) throws Exception {
    try (Weir run = Weir.create(2)) {
      for (String statement : setup) {
        run.execute(statement);
      }
      var insert = (org.apache.calcite.sql.SqlInsert) run.session()
          .parse("INSERT INTO changes SELECT id, v FROM upserts").get(0);
      try (var job = run.session().startInsert(insert)) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<String> committed = committed(dir.resolve("out"));
        while (committed.size() < lines && System.nanoTime() < deadline) {
          Thread.sleep(50);
          committed = committed(dir.resolve("out"));
        }
        job.cancel();
        return committed;
      }
    }
  }

  private static List<String> committed(java.nio.file.Path out) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    if (java.nio.file.Files.isDirectory(out)) {
      try (var files = java.nio.file.Files.list(out)) {
        for (var f : files.sorted().toList()) {
          if (!f.getFileName().toString().startsWith(".")) {
            lines.addAll(java.nio.file.Files.readAllLines(f));
          }
        }
      }
    }
    return lines;
  }

  @Test
  void changesRoundTripThroughATopicInDebeziumJson() throws Exception {
    weir.execute("CREATE TABLE accounts (id BIGINT, name STRING, balance INT) WITH ('connector' = 'filesystem',"
        + " 'path' = 'src/test/resources/golden/data/debezium.json', 'format' = 'debezium-json')");
    weir.execute("CREATE TABLE cdc_copy (id BIGINT, balance INT)" + with("cdc_copy", "'format' = 'debezium-json', "
        + BOUNDED));
    weir.execute("INSERT INTO cdc_copy SELECT id, balance FROM accounts");
    // written as Flink writes them: +I and +U as creates, -U and -D as deletes
    assertEquals(List.of("+I 1 10", "+I 2 20", "-D 1 10", "+I 1 15", "-D 2 20"),
        weir.query("SELECT id, balance FROM cdc_copy").toList().stream()
            .map(r -> r.kind() + " " + r.get(0) + " " + r.get(1)).toList());
  }

  @Test
  void aDeadLetterThatCannotBeWrittenFailsTheQuery() throws Exception {
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic("dlq_compacted", 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      p.send(new ProducerRecord<>("unkeyed", "{\"n\": 1}".getBytes(StandardCharsets.UTF_8))).get();
      p.send(new ProducerRecord<>("unkeyed", "garbage".getBytes(StandardCharsets.UTF_8))).get();
    }
    weir.execute("CREATE TABLE unkeyed (n INT)" + with("unkeyed", "'format' = 'json', " + BOUNDED
        + ", 'bad-records' = 'dead-letter', 'dead-letter.topic' = 'dlq_compacted'"));
    Exception e = assertThrows(Exception.class, () -> weir.query("SELECT n FROM unkeyed").toList());
    assertTrue(e.getMessage().contains("to its dead-letter topic failed"), e.getMessage());
  }

  @Test
  void startupFromATimestampAndFromSpecificOffsets() throws Exception {
    broker.createTopic("timed", 1);
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int n = 0; n < 10; n++) {
        p.send(new ProducerRecord<>("timed", 0, 1_000_000L + n * 1000, null,
            ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    weir.execute("CREATE TABLE from_ts (n INT)" + with("timed", "'format' = 'json', 'scan.startup.mode' = 'timestamp',"
        + " 'scan.startup.timestamp-millis' = '1007000', 'scan.bounded.mode' = 'latest-offset'"));
    assertEquals(List.of(7, 8, 9), weir.query("SELECT n FROM from_ts").toList().stream().map(r -> r.get(0)).toList());
    weir.execute("CREATE TABLE from_offset (n INT)" + with("timed", "'format' = 'json',"
        + " 'scan.startup.mode' = 'specific-offsets', 'scan.startup.specific-offsets' = 'partition:0,offset:4',"
        + " 'scan.bounded.mode' = 'specific-offsets', 'scan.bounded.specific-offsets' = 'partition:0,offset:6'"));
    assertEquals(List.of(4, 5), weir.query("SELECT n FROM from_offset").toList().stream().map(r -> r.get(0)).toList());
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicWithTheirBytesAndTheReason() throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (String v : List.of("{\"n\": 1}", "not json", "{\"n\": 3}", "{\"n\": \"three\"}")) {
        p.send(new ProducerRecord<>("dirty", 0, "key".getBytes(StandardCharsets.UTF_8),
            v.getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    weir.execute("CREATE TABLE dirty (n INT)" + with("dirty", "'format' = 'json', " + BOUNDED
        + ", 'bad-records' = 'dead-letter', 'dead-letter.topic' = 'dirty_dlq'"));
    assertEquals(List.of(1, 3), weir.query("SELECT n FROM dirty").toList().stream().map(r -> r.get(0)).toList());
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(broker, "dirty_dlq");
    assertEquals(List.of("not json", "{\"n\": \"three\"}"),
        dead.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
    ConsumerRecord<byte[], byte[]> first = dead.get(0);
    assertArrayEquals("key".getBytes(StandardCharsets.UTF_8), first.key());
    assertEquals("dirty/0@1", header(first, "weir.source"));
    assertTrue(header(first, "weir.error").contains("malformed JSON"), header(first, "weir.error"));
    assertTrue(header(dead.get(1), "weir.error").contains("column 'n' expects INTEGER"), header(dead.get(1), "weir.error"));
  }

  @Test
  void aRateLimitPacesTheSource() throws Exception {
    produceNumbers("paced", 0, 60);
    weir.execute("CREATE TABLE paced (n INT)" + with("paced", "'format' = 'json', 'source.rate-limit' = '40', " + BOUNDED));
    long start = System.nanoTime();
    assertEquals(60, weir.query("SELECT n FROM paced").toList().size());
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 1.2, "60 records at 40/s took only " + seconds + " s");
  }

  @Test
  void aChangelogIsWrittenAsUpsertsByKeyWithTombstonesForDeletes() throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (String event : List.of(
          "{\"before\": null, \"after\": {\"id\": 1, \"balance\": 10}, \"op\": \"c\"}",
          "{\"before\": null, \"after\": {\"id\": 2, \"balance\": 20}, \"op\": \"c\"}",
          "{\"before\": {\"id\": 1, \"balance\": 10}, \"after\": {\"id\": 1, \"balance\": 15}, \"op\": \"u\"}",
          "{\"before\": {\"id\": 2, \"balance\": 20}, \"after\": null, \"op\": \"d\"}")) {
        p.send(new ProducerRecord<>("cdc", event.getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    weir.execute("CREATE TABLE cdc (id BIGINT, balance INT, PRIMARY KEY (id) NOT ENFORCED)"
        + with("cdc", "'format' = 'debezium-json', " + BOUNDED));
    try (QueryResult changes = weir.query("SELECT id, balance FROM cdc")) {
      assertTrue(changes.isChangelog());
      assertEquals(List.of("+I 1 10", "+I 2 20", "-U 1 10", "+U 1 15", "-D 2 20"), changes.toList().stream()
          .map(r -> r.kind() + " " + r.get(0) + " " + r.get(1)).toList());
    }
    weir.execute("CREATE TABLE no_key (id BIGINT, balance INT)" + with("no_key", "'format' = 'json'"));
    Exception refused = assertThrows(Exception.class,
        () -> weir.execute("INSERT INTO no_key SELECT id, balance FROM cdc"));
    assertEquals("Table 'no_key' cannot take the updating result of this query: connector 'kafka' writes updates as"
        + " upserts by key: declare PRIMARY KEY (...) NOT ENFORCED on table 'no_key', or use a changelog format such"
        + " as 'debezium-json'.", refused.getMessage());

    // upserts are right only when the changes are keyed by the sink's key
    weir.execute("CREATE TABLE by_balance (balance INT, id BIGINT, PRIMARY KEY (balance) NOT ENFORCED)"
        + with("by_balance", "'format' = 'json'"));
    assertEquals("Table 'by_balance' writes changes as upserts by its PRIMARY KEY [balance], but the query's changes"
        + " have the key [id] within it: rows with the same [balance] would overwrite each other. Group by the"
        + " sink's key, or declare the PRIMARY KEY of the source table.",
        assertThrows(Exception.class, () -> weir.execute("INSERT INTO by_balance SELECT balance, id FROM cdc"))
            .getMessage());
    weir.execute("CREATE TABLE spread (id BIGINT, balance INT, PRIMARY KEY (id) NOT ENFORCED)"
        + with("spread", "'format' = 'json', 'sink.partitioner' = 'round-robin'"));
    assertTrue(assertThrows(Exception.class, () -> weir.execute("INSERT INTO spread SELECT id, balance FROM cdc"))
        .getMessage().contains("upserts by key go to the key's partition, so 'sink.partitioner' must be 'default'"));

    weir.execute("CREATE TABLE balances (id BIGINT, balance INT, PRIMARY KEY (id) NOT ENFORCED)"
        + with("balances", "'format' = 'json'"));
    weir.execute("INSERT INTO balances SELECT id, balance FROM cdc");
    List<String> upserts = readAll(broker, "balances").stream()
        .map(r -> new String(r.key(), StandardCharsets.UTF_8) + " -> "
            + (r.value() == null ? "tombstone" : new String(r.value(), StandardCharsets.UTF_8))).toList();
    // -U is a tombstone too (its +U follows), as Flink's upsert-kafka writes it
    assertEquals(List.of("{\"id\":1} -> {\"id\":1,\"balance\":10}", "{\"id\":2} -> {\"id\":2,\"balance\":20}",
        "{\"id\":1} -> tombstone", "{\"id\":1} -> {\"id\":1,\"balance\":15}", "{\"id\":2} -> tombstone"), upserts);

    // a filter that keeps the old row of an update but not the new one leaves a delete, not a stale row
    weir.execute("CREATE TABLE rich (id BIGINT, balance INT, PRIMARY KEY (id) NOT ENFORCED)"
        + with("rich", "'format' = 'json'"));
    weir.execute("INSERT INTO rich SELECT id, balance FROM cdc WHERE balance < 12");
    assertEquals(List.of("{\"id\":1} -> {\"id\":1,\"balance\":10}", "{\"id\":1} -> tombstone"),
        readAll(broker, "rich").stream().map(r -> new String(r.key(), StandardCharsets.UTF_8) + " -> "
            + (r.value() == null ? "tombstone" : new String(r.value(), StandardCharsets.UTF_8))).toList());

    // a primary key keys plain inserts too, so a compacted topic takes them
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic("compacted", 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
    weir.execute("CREATE TABLE compacted (id BIGINT, balance INT, PRIMARY KEY (id) NOT ENFORCED)"
        + with("compacted", "'format' = 'json'"));
    weir.execute("INSERT INTO compacted VALUES (5, 50)");
    assertEquals("{\"id\":5}", new String(readAll(broker, "compacted").get(0).key(), StandardCharsets.UTF_8));
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void produceNumbers(String topic, int from, int to) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int n = from; n < to; n++) {
        p.send(new ProducerRecord<>(topic, ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }
}
