package dev.weir.benchmarks.kafka;

import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.sql.session.Weir;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * JSON records from a Kafka topic through a compiled filter into another Kafka topic, with the
 * broker (in-process, {@code kafka-local}) and the producer on the same machine. The input is
 * written once, before anything is timed; each run reads all of it (a bounded read) and writes the
 * rows that pass the filter, acknowledged by the broker. One warm-up run, then three.
 *
 * <pre>java -cp ... dev.weir.benchmarks.kafka.KafkaPipelineBenchmark [records] [partitions] [parallelism]</pre>
 */
public final class KafkaPipelineBenchmark {
  private KafkaPipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(); Weir weir = Weir.create()) {
      broker.createTopic("bids", partitions);
      long start = System.nanoTime();
      produce(broker, records);
      double produceSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "produced %d JSON records (%d partitions) in %.2f s: %.0f records/s%n", records,
          partitions, produceSeconds, records / produceSeconds);
      String kafka = "'connector' = 'kafka', 'properties.bootstrap.servers' = '" + broker.bootstrapServers()
          + "', 'format' = 'json', 'parallelism' = '" + parallelism + "'";
      weir.executeScript("CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,"
          + " date_time TIMESTAMP(3)) WITH (" + kafka + ", 'topic' = 'bids', 'scan.startup.mode' = 'earliest-offset',"
          + " 'scan.bounded.mode' = 'latest-offset');");
      List<Double> seconds = new ArrayList<>();
      for (int run = 0; run < 4; run++) {
        String out = "big_bids_" + run;
        broker.createTopic(out, partitions);
        weir.execute("CREATE TABLE " + out + " (auction BIGINT, price BIGINT, channel STRING) WITH (" + kafka
            + ", 'topic' = '" + out + "')");
        long t0 = System.nanoTime();
        weir.execute("INSERT INTO " + out + " SELECT auction, price, UPPER(channel) FROM bids WHERE price > 5000");
        double s = (System.nanoTime() - t0) / 1e9;
        long written = endOffsets(broker, out, partitions);
        System.out.printf(Locale.ROOT, "%s run %d: %.2f s, %.0f records/s in, %d records out%n",
            run == 0 ? "warm-up" : "timed", run, s, records / s, written);
        if (run > 0) {
          seconds.add(s);
        }
      }
      seconds.sort(null);
      System.out.printf(Locale.ROOT, "kafka json -> filter -> kafka: best %.0f records/s, median %.0f records/s%n",
          records / seconds.get(0), records / seconds.get(1));
    }
  }

  private static void produce(LocalKafkaBroker broker, long records) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 262144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records; i++) {
        String json = "{\"auction\": " + (1000 + i % 97) + ", \"bidder\": " + (2000 + i) + ", \"price\": "
            + (i * 37 % 10000) + ", \"channel\": \"channel-" + (i % 5) + "\", \"url\": \"https://www.nexmark.com/item/"
            + i + "\", \"date_time\": \"2015-07-15 00:00:0" + (i % 10) + ".123\"}";
        p.send(new ProducerRecord<>("bids", json.getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
    }
  }

  private static long endOffsets(LocalKafkaBroker broker, String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try (Admin admin = broker.admin()) {
      return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    }
  }
}
