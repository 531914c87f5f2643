package dev.weir.sql.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.sql.session.Weir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of checkpoints: the real {@code bin/weir}, running a named pipeline on a state
 * directory, is killed with SIGKILL at random moments, five times, and started again with the same
 * command each time; the last run finishes the job. What it committed must be exactly what one
 * uninterrupted run writes: nothing lost, nothing twice (at-least-once: nothing lost).
 */
class CrashRecoveryIT {
  private static LocalKafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = LocalKafkaBroker.start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final int KILLS = 5;

  @TempDir
  Path dir;

  private static String tables(Path out, boolean paced) {
    return "CREATE TABLE IF NOT EXISTS bid (auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3),"
        + " WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '1' SECOND) WITH ('connector' = 'nexmark',"
        + " 'table' = 'bid', 'events.num' = '400000', 'first-event.rate' = '50000', 'rate.limited' = '" + paced + "');\n"
        + "CREATE TABLE IF NOT EXISTS sink (auction BIGINT, bids BIGINT, top BIGINT, window_end TIMESTAMP(3)) WITH ("
        + " 'connector' = 'filesystem', 'path' = '" + out + "/', 'format' = 'csv');\n";
  }

  private static final String QUERY = "INSERT INTO sink SELECT auction, COUNT(*), MAX(price), window_end"
      + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '0.5' SECOND))"
      + " GROUP BY auction, window_start, window_end;\n";

  private Process start(Path script, Path log, String javaOptions) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/weir").toString(), "--state-dir",
        dir.resolve("state").toString(), "-f", script.toString()).directory(REPO.toFile());
    pb.environment().put("WEIR_SKIP_BUILD", "1");
    if (javaOptions != null) {
      pb.environment().put("WEIR_JAVA_OPTS", javaOptions);
    }
    pb.environment().put("HOME", dir.toString());
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  private long lastCheckpoint(String pipeline) throws IOException {
    Path checkpoints = dir.resolve("state/pipelines/" + pipeline + "/checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.list(checkpoints)) {
      return dirs.filter(d -> Files.exists(d.resolve("_COMPLETED")))
          .mapToLong(d -> Long.parseLong(d.getFileName().toString().substring(4))).max().orElse(0);
    }
  }


  /**
   * Runs {@code script} and kills it with SIGKILL {@link #KILLS} times, each time after a new
   * checkpoint and a random pause; between kills {@code meanwhile} runs (given the kill's number);
   * the last run finishes. Returns everything the runs printed.
   */
  private String killAndResume(Path script, String pipeline, String firstRunOptions,
      java.util.function.IntConsumer meanwhile) throws Exception {
    Path log = dir.resolve(pipeline + ".log");
    Random random = new Random();
    long seen = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process p = start(script, log, kill == 0 ? firstRunOptions : null);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lastCheckpoint(pipeline) <= seen && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (kill == 0 && firstRunOptions != null) {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the first run halts itself:\n" + Files.readString(log));
        assertEquals(137, p.exitValue(), "it halted as asked:\n" + Files.readString(log));
      } else {
        assertTrue(p.isAlive(), "run " + (kill + 1) + " ended before it was killed:\n" + Files.readString(log));
        assertTrue(lastCheckpoint(pipeline) > seen, "run " + (kill + 1) + " took no checkpoint within 60 s:\n"
            + Files.readString(log));
        Thread.sleep(random.nextInt(400)); // somewhere between checkpoints
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      }
      seen = lastCheckpoint(pipeline);
      assertTrue(Files.readString(dir.resolve("state/pipelines/" + pipeline + "/pipeline.properties"))
          .contains("status=RUNNING"), "run " + (kill + 1) + " had not finished when it died");
      meanwhile.accept(kill);
    }
    Process last = start(script, log, null);
    assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the last run did not finish within 120 s");
    String said = Files.readString(log);
    assertEquals(0, last.exitValue(), said);
    assertTrue(said.contains("Pipeline '" + pipeline + "' resumed from checkpoint"), said);
    return said;
  }

  private static String bidsTable(String topic, boolean paced) {
    return "CREATE TABLE IF NOT EXISTS bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'kafka', 'topic' = '" + topic + "',"
        + " 'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "', 'format' = 'json',"
        + " 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset'"
        // small fetches, so that the partitions are read side by side and windows close while it runs
        + ", 'properties.max.partition.fetch.bytes' = '4096'" + (paced ? ", 'source.rate-limit' = '2500'" : "")
        + ");\n";
  }

  private static String kafkaSink(String table, String topic, String columns, String guarantee) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ") WITH ('connector' = 'kafka', 'topic' = '"
        + topic + "', 'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "', 'format' = 'json',"
        + " 'sink.delivery-guarantee' = '" + guarantee + "', 'sink.transactional-id-prefix' = '" + topic + "');\n";
  }

  /** Bids on 50 auctions, two milliseconds apart, into partitions in turn. */
  private static void produceBids(String topic, int from, int to, Integer partition) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(java.util.Map.of("bootstrap.servers",
        kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = from; i < to; i++) {
        String ts = java.time.LocalDateTime.of(2026, 12, 2, 0, 0).plusNanos(i * 2_000_000L)
            .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
        String value = "{\"auction\": " + (i % 50) + ", \"price\": " + i + ", \"ts\": \"" + ts + "\"}";
        p.send(new ProducerRecord<>(topic, partition != null ? partition : i % 2, null,
            value.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  /** Every committed record value of a topic, up to its end: duplicates kept. */
  private static List<String> committedValues(String topic) throws Exception {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(java.util.Map.of("bootstrap.servers",
        kafka.bootstrapServers(), "isolation.level", "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      java.util.Map<TopicPartition, Long> end = c.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
      }
    }
    Collections.sort(values);
    return values;
  }

  /** The same query, run once in-process without checkpoints, into another topic: what the crashed runs must have written. */
  private static List<String> reference(String tables, String insert, String topic) throws Exception {
    try (Weir weir = Weir.create(2)) {
      for (String statement : tables.split(";\n")) {
        weir.execute(statement);
      }
      weir.execute(insert);
    }
    return committedValues(topic);
  }

  /**
   * Kafka to a window aggregate to Kafka, exactly once: the first run halts right after a
   * checkpoint is complete and before its transaction is committed, and the input topic gains a
   * partition between two kills.
   */
  @Test
  void kafkaWindowAggregateIntoKafkaIsExactlyOnceAcrossKillsAndANewPartition() throws Exception {
    kafka.createTopic("bids-eo", 2);
    produceBids("bids-eo", 0, 20_000, null);
    String columns = "auction BIGINT, bids BIGINT, total BIGINT, window_end TIMESTAMP(3)";
    String query = " SELECT auction, COUNT(*), SUM(price), window_end FROM TABLE(TUMBLE(TABLE bids,"
        + " DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY auction, window_start, window_end;\n";
    Path script = dir.resolve("eo.sql");
    Files.writeString(script, bidsTable("bids-eo", true) + kafkaSink("totals", "totals-eo", columns, "exactly-once")
        + "SET 'execution.checkpointing.interval' = '300ms';\n"
        + "CREATE PIPELINE IF NOT EXISTS totals AS INSERT INTO totals" + query);
    killAndResume(script, "totals", "-Dweir.test.halt-after-checkpoint=10", kill -> {
      if (kill == 0) {
        try {
          assertTrue(committedValues("totals-eo").size() > 0, "windows were committed before the halt");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      if (kill == 2) { // the topic grows a partition, with later bids in it
        try (var admin = kafka.admin()) {
          admin.createPartitions(java.util.Map.of("bids-eo", org.apache.kafka.clients.admin.NewPartitions.increaseTo(3)))
              .all().get();
          produceBids("bids-eo", 20_000, 22_000, 2);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    List<String> expected = reference(bidsTable("bids-eo", false)
        + kafkaSink("expected", "totals-eo-expected", columns, "at-least-once"), "INSERT INTO expected" + query,
        "totals-eo-expected");
    assertTrue(expected.size() > 1000, "a real amount of output: " + expected.size() + " windows");
    CheckpointTest.assertSameLines(expected, committedValues("totals-eo"));
  }

  /** Kafka through a filter to Kafka, at least once: every record arrives (some perhaps twice). */
  @Test
  void kafkaFilterIntoKafkaLosesNothingAcrossKills() throws Exception {
    kafka.createTopic("bids-alo", 2);
    produceBids("bids-alo", 0, 20_000, null);
    String columns = "auction BIGINT, price BIGINT, ts TIMESTAMP(3)";
    String query = " SELECT auction, price, ts FROM bids WHERE MOD(price, 3) = 0;\n";
    Path script = dir.resolve("alo.sql");
    Files.writeString(script, bidsTable("bids-alo", true)
        + kafkaSink("thirds", "thirds-alo", columns, "at-least-once")
        + "SET 'execution.checkpointing.interval' = '300ms';\n"
        + "CREATE PIPELINE IF NOT EXISTS thirds AS INSERT INTO thirds" + query);
    killAndResume(script, "thirds", null, kill -> { });
    List<String> written = committedValues("thirds-alo");
    java.util.Set<String> expected = new java.util.TreeSet<>(reference(bidsTable("bids-alo", false)
        + kafkaSink("expected", "thirds-alo-expected", columns, "at-least-once"), "INSERT INTO expected" + query,
        "thirds-alo-expected"));
    assertEquals(6667, expected.size());
    assertEquals(expected, new java.util.TreeSet<>(written), "nothing lost, nothing made up");
  }

  @Test
  void aWindowAggregateIntoFilesIsExactlyOnceAcrossFiveKills() throws Exception {
    Path out = dir.resolve("out");
    Path script = dir.resolve("pipeline.sql");
    // as a user would run it again after a crash: the catalog and the pipeline come back from the state directory
    Files.writeString(script, tables(out, true) + "SET 'execution.checkpointing.interval' = '200ms';\n"
        + "CREATE PIPELINE IF NOT EXISTS windows AS " + QUERY);
    String said = killAndResume(script, "windows", null, kill -> { });
    assertTrue(said.contains("Pipeline 'windows' already exists; nothing done."), said);
    assertTrue(Files.readString(dir.resolve("state/pipelines/windows/pipeline.properties")).contains("status=FINISHED"));

    Path expectedOut = dir.resolve("expected");
    try (Weir weir = Weir.create(2)) {
      for (String statement : (tables(expectedOut, false) + QUERY).split(";\n")) {
        weir.execute(statement);
      }
    }
    List<String> expected = CheckpointTest.committedLines(expectedOut);
    assertTrue(expected.size() > 1000, "a real amount of output: " + expected.size() + " windows");
    CheckpointTest.assertSameLines(expected, CheckpointTest.committedLines(out));
  }
}
