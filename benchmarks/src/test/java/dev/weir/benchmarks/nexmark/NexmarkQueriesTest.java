package dev.weir.benchmarks.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.Weir;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nexmark queries that run, from their .sql files over a bounded generator, each checked row
 * for row against the same computation done independently in Java over the generated bids.
 */
class NexmarkQueriesTest {
  static final int EVENTS = 20_000;
  private static Weir weir;
  /** Every generated bid: auction, bidder, price, channel, url, dateTime, extra, as text. */
  private static List<List<String>> bids;

  @TempDir
  static Path dir;

  static String resource(String name) throws IOException {
    try (InputStream in = NexmarkQueriesTest.class.getResourceAsStream("/nexmark/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void generate() throws Exception {
    weir = Weir.create(2);
    weir.executeScript(resource("ddl.sql").replace("${EVENTS}", String.valueOf(EVENTS)).replace("${RATE}", "10000"));
    bids = new ArrayList<>();
    try (QueryResult r = weir.query("SELECT auction, bidder, price, channel, url, `dateTime`, extra FROM bid")) {
      for (VectorSchemaRoot next = r.nextBatch(); next != null; next = r.nextBatch()) {
        try (VectorSchemaRoot b = next) {
          for (int i = 0; i < b.getRowCount(); i++) {
            List<String> row = new ArrayList<>();
            for (FieldVector v : b.getFieldVectors()) {
              row.add(dev.weir.catalog.types.Values.text(v, i));
            }
            bids.add(row);
          }
        }
      }
    }
    assertEquals(EVENTS / 50 * 46, bids.size());
  }

  @AfterAll
  static void stop() {
    weir.close();
  }

  /** Runs a query file with its blackhole sink swapped for JSON files, and reads the rows back. */
  private static List<String> run(String query) throws Exception {
    Path out = dir.resolve(query);
    String sql = resource(query + ".sql").replace("WITH ('connector' = 'blackhole')",
        "WITH ('connector' = 'filesystem', 'path' = '" + out + "/', 'format' = 'json')");
    weir.executeScript(sql);
    List<String> rows = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode node = mapper.readTree(line);
          List<String> values = new ArrayList<>();
          for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            values.add(v.isNull() ? null : v.isBigDecimal() ? v.decimalValue().stripTrailingZeros().toPlainString() : v.asText());
          }
          rows.add(String.join("|", values.stream().map(String::valueOf).toList()));
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> expected(Function<List<String>, List<String>> query) {
    List<String> rows = new ArrayList<>();
    for (List<String> b : bids) {
      List<String> r = query.apply(b);
      if (r != null) {
        rows.add(String.join("|", r.stream().map(String::valueOf).toList()));
      }
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void q0PassesEveryBidThrough() throws Exception {
    assertEquals(expected(b -> List.of(b.get(0), b.get(1), b.get(2), b.get(5), b.get(6))), run("q0"));
  }

  @Test
  void q1ConvertsPricesToEuros() throws Exception {
    assertEquals(expected(b -> List.of(b.get(0), b.get(1),
        // (the JSON reader drops trailing zeros; the value is what is compared)
        new BigDecimal("0.908").multiply(new BigDecimal(b.get(2))).setScale(3, RoundingMode.HALF_UP)
            .stripTrailingZeros().toPlainString(),
        b.get(5), b.get(6))), run("q1"));
  }

  @Test
  void q2SelectsEvery123rdAuction() throws Exception {
    List<String> rows = run("q2");
    assertTrue(!rows.isEmpty(), "some bids fall on auctions divisible by 123");
    assertEquals(expected(b -> Long.parseLong(b.get(0)) % 123 == 0 ? List.of(b.get(0), b.get(2)) : null), rows);
  }

  @Test
  void q14ClassifiesAndCountsWithAUserFunction() throws Exception {
    List<String> rows = run("q14");
    assertTrue(!rows.isEmpty(), "some bids fall in the price range");
    assertEquals(expected(b -> {
      BigDecimal euros = new BigDecimal("0.908").multiply(new BigDecimal(b.get(2))).setScale(3, RoundingMode.HALF_UP);
      if (euros.compareTo(BigDecimal.valueOf(1_000_000)) <= 0 || euros.compareTo(BigDecimal.valueOf(50_000_000)) >= 0) {
        return null;
      }
      int hour = Integer.parseInt(b.get(5).substring(11, 13));
      String type = hour >= 8 && hour <= 18 ? "dayTime" : hour <= 6 || hour >= 20 ? "nightTime" : "otherTime";
      long c = b.get(6).chars().filter(ch -> ch == 'c').count();
      return List.of(b.get(0), b.get(1), euros.stripTrailingZeros().toPlainString(), type, b.get(5), b.get(6),
          Long.toString(c));
    }), rows);
  }

  /** Bids grouped by {@code key}, each group's rows to one result row by {@code stats}. */
  private static List<String> grouped(Function<List<String>, List<String>> key,
      Function<List<List<String>>, List<String>> stats) {
    Map<List<String>, List<List<String>>> groups = new TreeMap<>(Comparator.comparing(Object::toString));
    for (List<String> b : bids) {
      groups.computeIfAbsent(key.apply(b), k -> new ArrayList<>()).add(b);
    }
    List<String> rows = new ArrayList<>();
    groups.forEach((k, g) -> {
      List<String> row = new ArrayList<>(k);
      row.addAll(stats.apply(g));
      rows.add(String.join("|", row));
    });
    rows.sort(null);
    return rows;
  }

  private static long price(List<String> b) {
    return Long.parseLong(b.get(2));
  }

  /** q15's and q16's counts: bids, distinct bidders and distinct auctions, in all and per price range. */
  private static List<String> rankCounts(List<List<String>> g) {
    List<Predicate<List<String>>> ranges = List.of(b -> true, b -> price(b) < 10_000,
        b -> price(b) >= 10_000 && price(b) < 1_000_000, b -> price(b) >= 1_000_000);
    List<String> out = new ArrayList<>();
    for (int field : new int[] {-1, 1, 0}) {
      for (var range : ranges) {
        out.add(Long.toString(field < 0 ? g.stream().filter(range).count()
            : g.stream().filter(range).map(b -> b.get(field)).distinct().count()));
      }
    }
    return out;
  }

  private static String day(List<String> b) {
    return b.get(5).substring(0, 10);
  }

  @Test
  void q15CountsBidsBiddersAndAuctionsPerDay() throws Exception {
    assertEquals(grouped(b -> List.of(day(b)), NexmarkQueriesTest::rankCounts), run("q15"));
  }

  @Test
  void q16CountsPerChannelAndDayWithTheLastMinute() throws Exception {
    assertEquals(grouped(b -> List.of(b.get(3), day(b)), g -> {
      List<String> row = new ArrayList<>();
      row.add(g.stream().map(b -> b.get(5).substring(11, 16)).max(Comparator.naturalOrder()).orElseThrow());
      row.addAll(rankCounts(g));
      return row;
    }), run("q16"));
  }

  @Test
  void q17SummarisesPricesPerAuctionAndDay() throws Exception {
    List<String> rows = run("q17");
    assertTrue(rows.size() > 100, "many auctions");
    assertEquals(grouped(b -> List.of(b.get(0), day(b)), g -> {
      long sum = g.stream().mapToLong(NexmarkQueriesTest::price).sum();
      List<String> counts = rankCounts(g).subList(0, 4);
      List<String> row = new ArrayList<>(counts);
      row.add(Long.toString(g.stream().mapToLong(NexmarkQueriesTest::price).min().orElseThrow()));
      row.add(Long.toString(g.stream().mapToLong(NexmarkQueriesTest::price).max().orElseThrow()));
      row.add(Long.toString(sum / g.size())); // Flink: AVG of BIGINT is a BIGINT
      row.add(Long.toString(sum));
      return row;
    }), rows);
  }

  @Test
  void q21ExtractsChannelIds() throws Exception {
    Pattern channelId = Pattern.compile("(&|^)channel_id=([^&]*)");
    List<String> hot = List.of("apple", "google", "facebook", "baidu");
    List<String> rows = run("q21");
    assertEquals(expected(b -> {
      String channel = b.get(3).toLowerCase(Locale.ROOT);
      Matcher m = channelId.matcher(b.get(4));
      String extracted = m.find() ? m.group(2) : null;
      if (extracted == null && !hot.contains(channel)) {
        return null;
      }
      String id = hot.contains(channel) ? String.valueOf(List.of("apple", "google", "facebook", "baidu").indexOf(channel))
          : extracted;
      return java.util.Arrays.asList(b.get(0), b.get(1), b.get(2), b.get(3), id);
    }), rows);
  }

  @Test
  void q22SplitsUrlsIntoDirectories() throws Exception {
    assertEquals(expected(b -> {
      String[] parts = b.get(4).split("/", -1);
      return java.util.Arrays.asList(b.get(0), b.get(1), b.get(2), b.get(3), parts[3], parts[4], parts[5]);
    }), run("q22"));
  }
}
