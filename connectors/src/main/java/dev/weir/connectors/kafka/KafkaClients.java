package dev.weir.connectors.kafka;

import dev.weir.catalog.connector.ConnectorException;
import dev.weir.catalog.connector.TableSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Client settings of a Kafka table, and the one place that talks to the brokers before a job runs. */
final class KafkaClients {
  private KafkaClients() {}

  /** The table's {@code properties.*} with the bootstrap servers: what every client of it starts from. */
  static Map<String, Object> common(TableSpec table) {
    Map<String, Object> p = new HashMap<>(table.options().withPrefix("properties."));
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, table.options().get(KafkaConnectorFactory.BOOTSTRAP_SERVERS));
    return p;
  }

  static Map<String, Object> consumer(TableSpec table, String clientId) {
    Map<String, Object> p = common(table);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // the reader commits what the engine has read
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, table.options().get(KafkaConnectorFactory.ISOLATION_LEVEL).sqlName());
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "4096");
    return p;
  }

  static Map<String, Object> producer(TableSpec table, String clientId) {
    Map<String, Object> p = common(table);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    return p;
  }

  /**
   * Makes sure a sink's topic exists, creating it with the brokers' default partitions and
   * replication when it does not (as brokers that create topics on first write would); retries
   * with backoff while the brokers cannot be reached, up to 'connect.timeout'.
   */
  static void ensureTopic(TableSpec table) {
    String topic = table.options().get(KafkaConnectorFactory.TOPIC);
    withRetry(table, admin -> {
      try {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      try {
        admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new ConnectorException("Topic '" + topic + "' of " + table.describe() + " does not exist, and creating"
              + " it failed: " + e.getCause().getMessage(), false, e.getCause());
        }
      }
      return null;
    });
  }

  /**
   * The partition counts of the table's topics: those named by 'topic', or matching
   * 'topic-pattern'. Retries with backoff while the brokers cannot be reached, up to
   * 'connect.timeout', then fails saying so (retryable); a named topic that does not exist fails
   * at once (not retryable).
   */
  static Map<String, Integer> partitions(TableSpec table) {
    return withRetry(table, admin -> {
      try {
        return describe(admin, table);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          throw new ConnectorException("Topic " + missingTopics(admin, table) + " of " + table.describe()
              + " does not exist on " + table.options().get(KafkaConnectorFactory.BOOTSTRAP_SERVERS) + ".", false);
        }
        throw e;
      }
    });
  }

  /** A request to the brokers that may take a few seconds. */
  private interface AdminCall<T> {
    T call(Admin admin) throws ExecutionException, InterruptedException, TimeoutException;
  }

  private static <T> T withRetry(TableSpec table, AdminCall<T> request) {
    Duration timeout = table.options().get(KafkaConnectorFactory.CONNECT_TIMEOUT);
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoffMillis = 100;
    Exception last;
    Map<String, Object> config = common(table);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(config)) {
      while (true) {
        try {
          return request.call(admin);
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis) > deadline) {
          break;
        }
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("Interrupted while connecting to Kafka for " + table.describe(), true, e);
    }
    Throwable cause = last instanceof ExecutionException ? last.getCause() : last;
    throw new ConnectorException("Cannot reach the Kafka brokers at " + config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
        + " for " + table.describe() + " within " + timeout.toSeconds() + " s ('connect.timeout'): "
        + (cause == null ? "no answer" : cause.getClass().getSimpleName() + ": " + cause.getMessage()), true, cause);
  }

  private static Map<String, Integer> describe(Admin admin, TableSpec table)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> topics;
    String pattern = table.options().get(KafkaConnectorFactory.TOPIC_PATTERN);
    if (pattern != null) {
      Pattern p = Pattern.compile(pattern);
      topics = new java.util.TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
          .get(5, TimeUnit.SECONDS));
      topics.removeIf(t -> !p.matcher(t).matches());
    } else {
      topics = new java.util.LinkedHashSet<>(topics(table));
    }
    Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics).topicNameValues();
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (var e : futures.entrySet()) {
      counts.put(e.getKey(), e.getValue().get(5, TimeUnit.SECONDS).partitions().size());
    }
    return counts;
  }

  /** The topics named by 'topic' (several separated by ';'). */
  static List<String> topics(TableSpec table) {
    String topic = table.options().get(KafkaConnectorFactory.TOPIC);
    return topic == null ? List.of() : java.util.Arrays.stream(topic.split(";")).map(String::trim)
        .filter(t -> !t.isEmpty()).toList();
  }

  /** The named topics that do not exist, quoted, for a message. */
  private static String missingTopics(Admin admin, TableSpec table) {
    List<String> missing = new java.util.ArrayList<>();
    for (var e : admin.describeTopics(topics(table)).topicNameValues().entrySet()) {
      try {
        e.getValue().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException ex) {
        missing.add(e.getKey());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        missing.add(e.getKey());
      }
    }
    return "'" + String.join("', '", missing.isEmpty() ? topics(table) : missing) + "'";
  }
}
