package dev.weir.sql.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real launcher, {@code bin/weir}, as a user would, and checks what it prints and its exit status. */
class ShellIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  /** Exit status, stdout and stderr of one run. */
  record Run(int status, String out, String err) {}

  private Run weir(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("bin/weir").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile());
    pb.environment().put("WEIR_SKIP_BUILD", "1");
    pb.environment().put("HOME", dir.toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/weir did not finish within 60 s");
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void runsTheTourScript() throws Exception {
    Run run = weir(null, "-f", "examples/tour.sql");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("Table 'orders' created."), run.out());
    assertTrue(run.out().contains("""
        +----------+--------+
        | customer | amount |
        +----------+--------+
        | carol    | 120.00 |
        | dave     | 42.00  |
        | alice    | 12.50  |
        +----------+--------+
        3 rows in set"""), run.out());
    assertTrue(run.out().contains("Inserted 3 rows into 'big_orders'."), run.out());
    assertEquals("CAROL,120.00\nDAVE,42.00\nALICE,12.50\n".lines().sorted().toList(),
        Files.readString(Path.of("/tmp/weir-tour/big_orders.csv")).lines().sorted().toList());

    // on a state directory the catalog is kept: the next run there has the tables already
    String state = dir.resolve("state").toString();
    assertEquals(0, weir(null, "--state-dir", state, "-f", "examples/tour.sql").status());
    Run again = weir(null, "--state-dir", state, "-f", "examples/tour.sql");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("Table 'orders' already exists; nothing done."), again.out());
    Run shown = weir(null, "--state-dir", state, "-e", "SHOW TABLES;");
    assertTrue(shown.out().contains("big_orders") && shown.out().contains("orders"), shown.out());
    assertTrue(Files.readString(dir.resolve("state/catalog.sql")).contains("CREATE TABLE IF NOT EXISTS orders"));
  }

  @Test
  void runsTheNexmarkExample() throws Exception {
    Run run = weir(null, "-f", "examples/nexmark.sql");
    assertEquals(0, run.status(), run.err());
    // the generator is deterministic: the same events, so the same answers, on every run
    assertTrue(run.out().contains("| 6442 | 2800   | 99914505 |\n| 5711 | 2520   | 99900570 |\n"
        + "| 2900 | 1386   | 99873894 |"), run.out());
    assertTrue(run.out().contains("| 1001   | 2015-07-15 00:00:00.000 | 2015-07-15 00:00:14.711 | 3499 |"), run.out());
  }

  @Test
  void writesCsvAndJsonAndChangelog() throws Exception {
    String sql = "CREATE TABLE t (counter BIGINT) WITH ('connector' = 'impulse', 'event_rate' = '0', 'message_count' = '3');"
        + " SELECT counter, counter * 2 AS twice FROM t;";
    Run csv = weir(null, "--output", "csv", "-e", sql);
    assertEquals(0, csv.status(), csv.err());
    assertEquals("counter,twice\n0,0\n1,2\n2,4\n", csv.out());
    assertTrue(csv.err().contains("Table 't' created."), "messages go to stderr beside data: " + csv.err());

    Run json = weir(null, "--output", "json", "--result-mode", "changelog", "-e", sql);
    assertEquals(0, json.status(), json.err());
    assertEquals("{\"op\":\"+I\",\"counter\":0,\"twice\":0}\n{\"op\":\"+I\",\"counter\":1,\"twice\":2}\n"
        + "{\"op\":\"+I\",\"counter\":2,\"twice\":4}\n", json.out());

    Run table = weir(null, "--result-mode", "changelog", "-e", sql);
    assertTrue(table.out().contains("| op | counter              | twice                |"), table.out());
    assertTrue(table.out().contains("| +I | 2                    | 4                    |"), table.out());
  }

  @Test
  void failsWithTheErrorOnStderrAndANonZeroStatus() throws Exception {
    Run run = weir(null, "-e", "CREATE TABLE t (a INT) WITH ('connector' = 'filesystem', 'pth' = 'x', 'format' = 'json');");
    assertEquals(1, run.status());
    assertTrue(run.err().startsWith("ERROR: Unknown option 'pth' for connector 'filesystem'. Did you mean 'path'?"),
        run.err());

    Run parse = weir(null, "-e", "SELECT 1;\nSELECT FROM;");
    assertEquals(1, parse.status());
    assertTrue(parse.err().contains("SQL parse error at line 2, column 8: unexpected 'FROM'"), parse.err());
    assertEquals("", parse.out(), "nothing runs when the script does not parse");

    Run missing = weir(null, "-f", "no/such/script.sql");
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("No such file: no/such/script.sql"), missing.err());
  }

  @Test
  void interactiveShellTakesMultiLineStatementsAndQuits() throws Exception {
    Run run = weir("SELECT 40\n  + 2 AS answer;\nHELP\nSELECT nope;\nQUIT\n");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("| 42 "), run.out());
    assertTrue(run.out().contains("Statements end with ';'"), "HELP prints help: " + run.out());
    assertTrue(run.out().contains("ERROR: SQL error at line 1, column 8: Column 'nope' not found"), run.out());
    assertTrue(Files.exists(dir.resolve(".weir_history")), "history is kept in the user's home");
  }

  @Test
  void stdoutSinkPrintsOneJsonLinePerRow() throws Exception {
    Run run = weir(null, "-e", "CREATE TABLE t (counter BIGINT) WITH ('connector' = 'impulse', 'event_rate' = '0',"
        + " 'message_count' = '3'); CREATE TABLE console (n BIGINT, label STRING) WITH ('connector' = 'stdout');"
        + " INSERT INTO console SELECT counter, 'row ' || CAST(counter AS STRING) FROM t;");
    assertEquals(0, run.status(), run.err());
    assertEquals(List.of("{\"n\":0,\"label\":\"row 0\"}", "{\"n\":1,\"label\":\"row 1\"}",
        "{\"n\":2,\"label\":\"row 2\"}"), run.out().lines().filter(l -> l.startsWith("{")).toList());
    assertTrue(run.out().contains("Inserted 3 rows into 'console'."), run.out());
  }

  @Test
  void ctrlCCancelsTheRunningQueryAndNotTheShell() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/weir").toString()).directory(REPO.toFile());
    pb.environment().put("WEIR_SKIP_BUILD", "1");
    pb.environment().put("HOME", dir.toString());
    Path out = dir.resolve("interactive.txt");
    pb.redirectOutput(out.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    try {
      var stdin = p.getOutputStream();
      stdin.write(("CREATE TABLE forever (counter BIGINT) WITH ('connector' = 'impulse', 'event_rate' = '100');\n"
          + "SELECT counter FROM forever;\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      awaitOutput(out, "| 5 ");
      // what a terminal sends on Ctrl-C
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
      awaitOutput(out, "(cancelled)");
      stdin.write("SELECT 'still here' AS answer;\nQUIT;\n".getBytes(StandardCharsets.UTF_8));
      stdin.close();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the shell did not quit");
      assertEquals(0, p.exitValue());
      assertTrue(Files.readString(out).contains("still here"), Files.readString(out));
    } finally {
      p.destroyForcibly();
    }
  }

  private static void awaitOutput(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(file).contains(text)) {
      assertTrue(System.nanoTime() < deadline, "did not see '" + text + "' in:\n" + Files.readString(file));
      Thread.sleep(50);
    }
  }

  @Test
  void listsConnectorsWithJsonSchemas() throws Exception {
    Run run = weir(null, "connectors", "--json");
    assertEquals(0, run.status(), run.err());
    JsonNode all = new ObjectMapper().readTree(run.out());
    List<String> names = new ArrayList<>();
    all.forEach(c -> names.add(c.get("name").asText()));
    assertEquals(List.of("blackhole", "filesystem", "impulse", "kafka", "nexmark", "stdout", "upsert-kafka"), names);
    JsonNode fs = all.get(1);
    assertEquals("both", fs.get("direction").asText());
    assertEquals("0.1.0", fs.get("version").asText());
    JsonNode schema = fs.get("schema");
    assertEquals("http://json-schema.org/draft-07/schema#", schema.get("$schema").asText());
    assertEquals("object", schema.get("type").asText());
    assertTrue(schema.get("required").toString().contains("\"path\""));
    assertEquals("string", schema.at("/properties/path/type").asText());
    assertEquals("[\"SQL\",\"ISO-8601\"]", schema.at("/properties/json.timestamp-format.standard/enum").toString());
    assertEquals(false, schema.get("additionalProperties").asBoolean());
    JsonNode kafka = all.get(3).get("schema");
    assertEquals("string", kafka.get("patternProperties").get("^properties\\.").get("type").asText());
  }

  @Test
  void kafkaLocalRunsABrokerThatTheShellReadsAndWrites() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/weir").toString(), "kafka-local", "--port",
        String.valueOf(port), "--dir", dir.resolve("kafka").toString()).directory(REPO.toFile()).redirectErrorStream(true);
    pb.environment().put("WEIR_SKIP_BUILD", "1");
    Process broker = pb.start();
    try {
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("Kafka broker ready at ")) {
              return line;
            }
          }
          return "exited";
        } catch (IOException e) {
          return e.toString();
        }
      });
      assertEquals("Kafka broker ready at localhost:" + port + " (data in " + dir.resolve("kafka")
          + "). Ctrl-C stops it.", ready.get(60, TimeUnit.SECONDS));
      Run run = weir(null, "--output", "csv", "-e", "CREATE TABLE t (n INT) WITH ('connector' = 'kafka',"
          + " 'topic' = 'tour', 'properties.bootstrap.servers' = 'localhost:" + port + "', 'format' = 'json',"
          + " 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');"
          + " INSERT INTO t VALUES (1), (2); SELECT n, _offset FROM t;");
      assertEquals(0, run.status(), run.err());
      assertEquals("n,_offset\n1,0\n2,1\n", run.out());
    } finally {
      broker.destroy();
      assertTrue(broker.waitFor(30, TimeUnit.SECONDS), "kafka-local stops on SIGTERM");
    }
  }

  @Test
  void csvAndJsonOfAnUpdatingResultShowTheResultAndStdoutWritesChanges() throws Exception {
    String table = "CREATE TABLE accounts (id BIGINT, name STRING, balance INT) WITH ('connector' = 'filesystem',"
        + " 'path' = 'sql/src/test/resources/golden/data/debezium.json', 'format' = 'debezium-json');"
        + " SET 'execution.batch-size' = '1';";
    Run csv = weir(null, "--output", "csv", "-e", table + " SELECT name, SUM(balance) AS total FROM accounts GROUP BY name;");
    assertEquals(0, csv.status(), csv.err());
    assertEquals("name,total\nada,15\n", csv.out(), "the applied result, not its changes");
    Run json = weir(null, "--output", "json", "-e", table + " SELECT name, SUM(balance) AS total FROM accounts GROUP BY name;");
    assertEquals("{\"name\":\"ada\",\"total\":15}\n", json.out());
    Run events = weir(null, "-e", table + " CREATE TABLE totals (name STRING, total BIGINT) WITH ('connector' = 'stdout',"
        + " 'format' = 'debezium-json'); INSERT INTO totals SELECT name, SUM(balance) FROM accounts GROUP BY name;");
    assertEquals(0, events.status(), events.err());
    assertEquals(List.of(
        "{\"before\":null,\"after\":{\"name\":\"ada\",\"total\":10},\"op\":\"c\"}",
        "{\"before\":null,\"after\":{\"name\":\"bob\",\"total\":20},\"op\":\"c\"}",
        "{\"before\":{\"name\":\"ada\",\"total\":10},\"after\":null,\"op\":\"d\"}",
        "{\"before\":null,\"after\":{\"name\":\"ada\",\"total\":15},\"op\":\"c\"}",
        "{\"before\":{\"name\":\"bob\",\"total\":20},\"after\":null,\"op\":\"d\"}"),
        events.out().lines().filter(l -> l.startsWith("{")).toList());
  }
}
