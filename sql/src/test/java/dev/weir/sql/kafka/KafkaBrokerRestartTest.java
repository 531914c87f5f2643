package dev.weir.sql.kafka;

import static dev.weir.sql.kafka.KafkaTestSupport.producer;
import static dev.weir.sql.kafka.KafkaTestSupport.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.engine.runtime.Job;
import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.sql.plan.SqlPlanner;
import dev.weir.sql.session.Weir;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.calcite.sql.SqlInsert;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A running pipeline whose broker goes away and comes back: the clients reconnect and nothing is lost. */
class KafkaBrokerRestartTest {
  @Test
  void aPipelineRidesOutABrokerRestartAndLosesNothing() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(); Weir weir = Weir.create(2)) {
      broker.createTopic("numbers", 2);
      broker.createTopic("evens", 2);
      String options = "'connector' = 'kafka', 'properties.bootstrap.servers' = '" + broker.bootstrapServers()
          + "', 'format' = 'json'";
      weir.execute("CREATE TABLE numbers (n INT) WITH (" + options + ", 'topic' = 'numbers',"
          + " 'scan.startup.mode' = 'earliest-offset')");
      weir.execute("CREATE TABLE evens (n INT) WITH (" + options + ", 'topic' = 'evens')");
      SqlInsert insert = (SqlInsert) SqlPlanner.parseScript("INSERT INTO evens SELECT n FROM numbers WHERE n % 2 = 0")
          .get(0);
      try (Job job = weir.session().startInsert(insert)) {
        produce(broker, 0, 100);
        readUntil(broker, "evens", hasAll(evens(0, 100)));

        broker.stop();
        broker.restart();

        produce(broker, 100, 200);
        List<ConsumerRecord<byte[], byte[]>> out = readUntil(broker, "evens", hasAll(evens(0, 200)));
        assertEquals(evens(0, 200), values(out)); // at-least-once: a repeat would be allowed, a loss is not
        job.cancel();
      }
    }
  }

  private static Set<Integer> evens(int from, int to) {
    return IntStream.range(from, to).filter(n -> n % 2 == 0).boxed().collect(Collectors.toSet());
  }

  private static Predicate<List<ConsumerRecord<byte[], byte[]>>> hasAll(Set<Integer> expected) {
    return records -> values(records).containsAll(expected);
  }

  private static Set<Integer> values(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<Integer> values = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String json = new String(r.value(), StandardCharsets.UTF_8);
      values.add(Integer.parseInt(json.replaceAll("\\D", "")));
    }
    return values;
  }

  private static void produce(LocalKafkaBroker broker, int from, int to) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      for (int n = from; n < to; n++) {
        p.send(new ProducerRecord<>("numbers", ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }
}
