package dev.weir.sql.kafka;

import static org.junit.jupiter.api.Assertions.fail;

import dev.weir.kafkalocal.LocalKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for tests: what they write and read is checked independently of Weir. */
final class KafkaTestSupport {
  private KafkaTestSupport() {}

  static KafkaProducer<byte[], byte[]> producer(LocalKafkaBroker broker) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads a topic from the beginning until {@code done} holds for what was read, at most 60 s. */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(LocalKafkaBroker broker, String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!done.test(records)) {
        if (System.nanoTime() > deadline) {
          fail("timed out reading " + topic + ": have " + records.size() + " records");
        }
        c.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  static List<ConsumerRecord<byte[], byte[]>> readCount(LocalKafkaBroker broker, String topic, int count) {
    return readUntil(broker, topic, r -> r.size() >= count);
  }

  /** Every record of a topic, up to its end offsets now: an exact count, duplicates included. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(LocalKafkaBroker broker, String topic) {
    long end;
    try (var admin = broker.admin()) {
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      var request = new HashMap<TopicPartition, OffsetSpec>();
      partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()),
          OffsetSpec.latest()));
      end = admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    List<ConsumerRecord<byte[], byte[]>> records = readUntil(broker, topic, r -> r.size() >= end);
    return records;
  }
}
