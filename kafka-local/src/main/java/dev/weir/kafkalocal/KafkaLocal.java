package dev.weir.kafkalocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/weir kafka-local}: a single-node Kafka broker on this machine, for trying Weir with Kafka. */
@Command(name = "weir kafka-local", mixinStandardHelpOptions = true,
    description = "Runs a single-node Kafka broker (KRaft) in the foreground until Ctrl-C.")
public final class KafkaLocal implements Callable<Integer> {
  @Option(names = "--port", description = "The port clients connect to (default: ${DEFAULT-VALUE}).")
  int port = 9092;

  @Option(names = "--host", description = "The host name clients use (default: ${DEFAULT-VALUE}).")
  String host = "localhost";

  @Option(names = "--dir", description = "Where the broker keeps its data; kept between runs (default: ~/.weir/kafka).")
  Path dir = Path.of(System.getenv().getOrDefault("HOME", System.getProperty("user.home")), ".weir", "kafka");

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dir);
    LocalKafkaBroker broker = LocalKafkaBroker.start(dir, host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-local-shutdown"));
    System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + dir + "). Ctrl-C stops it.");
    System.out.flush();
    broker.awaitShutdown();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaLocal()).execute(args));
  }
}
