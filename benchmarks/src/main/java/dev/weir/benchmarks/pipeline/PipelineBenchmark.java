package dev.weir.benchmarks.pipeline;

import dev.weir.sql.session.StatementResult;
import dev.weir.sql.session.Weir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end throughput of whole pipelines through the SQL layer, engine and connectors:
 * generated rows through a compiled filter and projection into blackhole, and a JSON file through
 * the same. Each pipeline runs once to warm up, then three times; the best and median are printed.
 *
 * <pre>java -cp ... dev.weir.benchmarks.pipeline.PipelineBenchmark [rows]</pre>
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
    long fileRows = Math.min(rows, 2_000_000L);
    Path json = writeJson(fileRows);
    System.out.printf(Locale.ROOT, "%-34s %12s %10s %14s%n", "pipeline", "rows", "seconds", "rows/s");
    try (Weir weir = Weir.create()) {
      weir.executeScript("CREATE TABLE gen (counter BIGINT) WITH ('connector' = 'impulse', 'event_rate' = '0',"
          + " 'message_count' = '" + rows + "');"
          + "CREATE TABLE file (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,"
          + " date_time TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '" + json + "', 'format' = 'json');"
          + "CREATE TABLE sink1 (counter BIGINT) WITH ('connector' = 'blackhole');"
          + "CREATE TABLE sink2 (a BIGINT, b BIGINT) WITH ('connector' = 'blackhole');"
          + "CREATE TABLE sink3 (auction BIGINT, price BIGINT, channel STRING) WITH ('connector' = 'blackhole');"
          + "CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,"
          + " `dateTime` TIMESTAMP(3), extra STRING) WITH ('connector' = 'nexmark', 'table' = 'bid',"
          + " 'events.num' = '" + rows + "');"
          + "CREATE TABLE bid_sink (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,"
          + " `dateTime` TIMESTAMP(3), extra STRING) WITH ('connector' = 'blackhole');");
      run(weir, "impulse -> blackhole", "INSERT INTO sink1 SELECT counter FROM gen", rows);
      run(weir, "impulse -> filter+project -> bh", "INSERT INTO sink2 SELECT counter * 2, counter % 7 FROM gen"
          + " WHERE counter % 3 <> 0", rows);
      run(weir, "nexmark bids (all columns) -> bh", "INSERT INTO bid_sink SELECT * FROM bid", rows / 50 * 46);
      run(weir, "json file -> filter -> blackhole", "INSERT INTO sink3 SELECT auction, price, UPPER(channel)"
          + " FROM file WHERE price > 100", fileRows);
    } finally {
      Files.deleteIfExists(json);
    }
  }

  private static void run(Weir weir, String name, String sql, long rows) throws Exception {
    weir.execute(sql); // warm-up
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      StatementResult r = weir.execute(sql);
      seconds.add((System.nanoTime() - start) / 1e9);
      if (!(r instanceof StatementResult.Message)) {
        throw new IllegalStateException("unexpected result " + r);
      }
    }
    seconds.sort(null);
    System.out.printf(Locale.ROOT, "%-34s %12d %10.3f %14.0f   (median %.0f rows/s)%n", name, rows, seconds.get(0),
        rows / seconds.get(0), rows / seconds.get(1));
  }

  private static Path writeJson(long rows) throws IOException {
    Path file = Files.createTempFile("weir-bench-", ".json");
    try (var out = Files.newBufferedWriter(file)) {
      for (long i = 0; i < rows; i++) {
        out.write("{\"auction\": " + (1000 + i % 97) + ", \"bidder\": " + (2000 + i) + ", \"price\": " + (i * 37 % 10000)
            + ", \"channel\": \"channel-" + (i % 5) + "\", \"url\": \"https://www.nexmark.com/item/" + i
            + "\", \"date_time\": \"2015-07-15 00:00:0" + (i % 10) + ".123\"}\n");
      }
    }
    return file;
  }
}
