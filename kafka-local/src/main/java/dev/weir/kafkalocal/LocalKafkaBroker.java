package dev.weir.kafkalocal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), running inside
 * this JVM on loopback ports. Tests share one per class; {@code bin/weir kafka-local} runs one for
 * a user trying Weir.
 *
 * <p>It uses the broker's own classes ({@link KafkaRaftServer}, {@link Formatter}), which are
 * internal to Kafka: the Kafka version is pinned in the parent pom for that reason.
 */
public final class LocalKafkaBroker implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final boolean ownsDir;
  private final String host;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  private LocalKafkaBroker(Path dir, boolean ownsDir, String host, int port, int controllerPort) {
    this.dir = dir;
    this.ownsDir = ownsDir;
    this.host = host;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker on free loopback ports with its data in a fresh temporary directory, deleted on close. */
  public static LocalKafkaBroker start() {
    try {
      return start(Files.createTempDirectory("weir-kafka-"), true, "127.0.0.1", 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker whose data lives in {@code dir} (formatted on first use, reused after), on
   * {@code port} (0: any free port).
   */
  public static LocalKafkaBroker start(Path dir, String host, int port) {
    return start(dir, false, host, port);
  }

  private static LocalKafkaBroker start(Path dir, boolean ownsDir, String host, int port) {
    LocalKafkaBroker broker = new LocalKafkaBroker(dir, ownsDir, host, port == 0 ? freePort() : port, freePort());
    broker.startServer();
    return broker;
  }

  /** {@code host:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  public Path dataDir() {
    return dir;
  }

  /** Creates a topic and waits until it exists. */
  public void createTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /** An admin client of this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  /** Stops the broker, keeping its data and ports, so that {@link #restart()} brings back the same broker. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker again after {@link #stop()}, with the same data, on the same ports. */
  public synchronized void restart() {
    if (server == null) {
      startServer();
    }
  }

  /** Blocks until the broker shuts down (for {@code bin/weir kafka-local}). */
  public void awaitShutdown() {
    KafkaRaftServer s;
    synchronized (this) {
      s = server;
    }
    if (s != null) {
      s.awaitShutdown();
    }
  }

  @Override
  public void close() {
    stop();
    if (ownsDir) {
      deleteRecursively(dir);
    }
  }

  private synchronized void startServer() {
    KafkaConfig config = new KafkaConfig(properties(), false);
    if (!Files.exists(dir.resolve("meta.properties"))) {
      format(config);
    }
    KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
    s.startup();
    server = s;
    awaitReady();
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.toString());
    // one node: every internal topic has one replica, and few partitions so that it is created fast
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "true");
    p.put("num.partitions", "1");
    return p;
  }

  private void format(KafkaConfig config) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dir.toString()))
          .setMetadataLogDirectory(config.metadataLogDir())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setHasDynamicQuorum(true) // as "kafka-storage format --standalone" does
          .setControllerListenerName("CONTROLLER")
          .setInitialControllers(StorageTool.createStandaloneDynamicVoters(config))
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format the Kafka data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Waits until the broker answers metadata requests, at most {@link #READY_TIMEOUT}. */
  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          last = e;
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("The local Kafka broker did not become ready within " + READY_TIMEOUT.toSeconds()
        + " s", last);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing a test run for
    }
  }
}
