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

  /** Every generated person: id, name, emailAddress, creditCard, city, state, dateTime, extra. */
  private static List<List<String>> persons;
  /** Every generated auction: id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra. */
  private static List<List<String>> auctions;

  @BeforeAll
  static void generate() throws Exception {
    weir = Weir.create(2);
    // 500 events/s of logical time: the 20,000 events span 40 s, so 10-second windows are several
    weir.executeScript(resource("ddl.sql").replace("${EVENTS}", String.valueOf(EVENTS)).replace("${RATE}", "500"));
    bids = rows("SELECT auction, bidder, price, channel, url, `dateTime`, extra FROM bid");
    persons = rows("SELECT * FROM person");
    auctions = rows("SELECT * FROM auction");
    assertEquals(EVENTS / 50 * 46, bids.size());
    assertEquals(EVENTS / 50, persons.size());
    assertEquals(EVENTS / 50 * 3, auctions.size());
  }

  /** A query's rows, each value as text. */
  private static List<List<String>> rows(String query) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (QueryResult r = weir.query(query)) {
      for (VectorSchemaRoot next = r.nextBatch(); next != null; next = r.nextBatch()) {
        try (VectorSchemaRoot b = next) {
          for (int i = 0; i < b.getRowCount(); i++) {
            List<String> row = new ArrayList<>();
            for (FieldVector v : b.getFieldVectors()) {
              row.add(dev.weir.catalog.types.Values.text(v, i));
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  private static long millis(String timestamp) {
    return dev.weir.catalog.types.Temporal.parseTimestamp(timestamp);
  }

  private static List<String> sorted(List<String> rows) {
    rows.sort(null);
    return rows;
  }

  /**
   * Runs a query file's SELECT (whose result is a changelog, which a file sink cannot take) as a
   * query, and applies its changes: the rows left, sorted.
   */
  private static List<String> runUpdating(String query) throws Exception {
    String sql = resource(query + ".sql");
    String select = sql.substring(sql.indexOf("INSERT INTO nexmark_" + query) + ("INSERT INTO nexmark_" + query).length())
        .trim().replaceAll(";\\s*$", "");
    List<String> rows = new ArrayList<>();
    try (QueryResult r = weir.query(select)) {
      assertTrue(r.isChangelog(), query + " updates its result");
      for (VectorSchemaRoot next = r.nextBatch(); next != null; next = r.nextBatch()) {
        try (VectorSchemaRoot b = next) {
          List<FieldVector> data = QueryResult.dataVectors(b);
          for (int i = 0; i < b.getRowCount(); i++) {
            List<String> values = new ArrayList<>();
            for (FieldVector v : data) {
              values.add(dev.weir.catalog.types.Values.text(v, i));
            }
            String text = String.join("|", values);
            if (QueryResult.kind(b, i).isAccumulate()) {
              rows.add(text);
            } else {
              assertTrue(rows.remove(text), "retracted a row never emitted: " + QueryResult.kind(b, i) + " " + text);
            }
          }
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void q3JoinsCategory10AuctionsWithTheirWestCoastSellers() throws Exception {
    List<String> expected = new ArrayList<>();
    for (List<String> a : auctions) {
      for (List<String> p : persons) {
        if (a.get(8).equals("10") && a.get(7).equals(p.get(0)) && List.of("OR", "ID", "CA").contains(p.get(5))) {
          expected.add(String.join("|", p.get(1), p.get(4), p.get(5), a.get(0)));
        }
      }
    }
    assertTrue(expected.size() > 5, "some matches: " + expected.size());
    assertEquals(sorted(expected), run("q3"));
  }

  @Test
  void q4AveragesTheClosingPricesPerCategory() throws Exception {
    Map<String, List<String>> byId = new java.util.HashMap<>();
    auctions.forEach(a -> byId.put(a.get(0), a));
    Map<String, Long> finalPrice = new TreeMap<>(); // auction id -> highest bid while it was open
    for (List<String> b : bids) {
      List<String> a = byId.get(b.get(0));
      long t = millis(b.get(5));
      if (a != null && t >= millis(a.get(5)) && t <= millis(a.get(6))) {
        finalPrice.merge(a.get(0), price(b), Math::max);
      }
    }
    Map<String, long[]> perCategory = new TreeMap<>();
    finalPrice.forEach((id, p) -> {
      long[] sumCount = perCategory.computeIfAbsent(byId.get(id).get(8), c -> new long[2]);
      sumCount[0] += p;
      sumCount[1]++;
    });
    List<String> expected = new ArrayList<>();
    perCategory.forEach((c, sc) -> expected.add(c + "|" + sc[0] / sc[1])); // AVG of BIGINT is a BIGINT
    assertTrue(expected.size() >= 3, "several categories");
    assertEquals(sorted(expected), run("q4"));
  }

  @Test
  void q5FindsTheAuctionsWithTheMostBidsInEachHoppingWindow() throws Exception {
    Map<Long, Map<String, Long>> counts = new TreeMap<>(); // window start -> auction -> bids
    for (List<String> b : bids) {
      long t = millis(b.get(5));
      for (long start = Math.floorDiv(t, 2_000) * 2_000 - 8_000; start <= t; start += 2_000) {
        counts.computeIfAbsent(start, s -> new TreeMap<>()).merge(b.get(0), 1L, Long::sum);
      }
    }
    List<String> expected = new ArrayList<>();
    counts.forEach((start, perAuction) -> {
      long max = perAuction.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      perAuction.forEach((auction, n) -> {
        if (n == max) {
          expected.add(auction + "|" + n);
        }
      });
    });
    assertTrue(counts.size() > 10, "many windows");
    assertEquals(sorted(expected), run("q5"));
  }

  @Test
  void q10AddsTheDayAndMinuteToEveryBid() throws Exception {
    assertEquals(expected(b -> List.of(b.get(0), b.get(1), b.get(2), b.get(5), b.get(6), b.get(5).substring(0, 10),
        b.get(5).substring(11, 16))), run("q10"));
  }

  @Test
  void q6AveragesEachSellersLastTenClosedAuctions() throws Exception {
    Map<String, List<String>> byId = new java.util.HashMap<>();
    auctions.forEach(a -> byId.put(a.get(0), a));
    Map<String, Long> finalPrice = new java.util.HashMap<>(); // auction id -> highest bid while it was open
    for (List<String> b : bids) {
      List<String> a = byId.get(b.get(0));
      long t = millis(b.get(5));
      if (a != null && t >= millis(a.get(5)) && t <= millis(a.get(6))) {
        finalPrice.merge(a.get(0), price(b), Math::max);
      }
    }
    Map<String, List<List<String>>> closedBySeller = new TreeMap<>();
    finalPrice.keySet().forEach(id -> closedBySeller.computeIfAbsent(byId.get(id).get(7), s -> new ArrayList<>())
        .add(byId.get(id)));
    List<String> expected = new ArrayList<>();
    closedBySeller.forEach((seller, closed) -> {
      closed.sort(Comparator.comparingLong(a -> millis(a.get(6)))); // in order of closing
      for (int i = 0; i < closed.size(); i++) {
        long sum = 0;
        int n = 0;
        for (int j = Math.max(0, i - 9); j <= i; j++, n++) {
          sum += finalPrice.get(closed.get(j).get(0));
        }
        expected.add(seller + "|" + sum / n); // Flink: AVG of BIGINT is a BIGINT
      }
    });
    assertTrue(closedBySeller.values().stream().anyMatch(c -> c.size() > 10), "a seller with over ten auctions");
    assertEquals(sorted(expected), run("q6"));
  }

  @Test
  void q7FindsEachPeriodsHighestBids() throws Exception {
    Map<Long, Long> maxPerWindowEnd = new TreeMap<>();
    for (List<String> b : bids) {
      long end = Math.floorDiv(millis(b.get(5)), 10_000) * 10_000 + 10_000;
      maxPerWindowEnd.merge(end, price(b), Math::max);
    }
    List<String> expected = new ArrayList<>();
    maxPerWindowEnd.forEach((end, max) -> {
      for (List<String> b : bids) {
        long t = millis(b.get(5));
        if (price(b) == max && t >= end - 10_000 && t <= end) {
          // the sink's columns are (auction, bidder, price, ...) and the query gives (auction, price, bidder, ...)
          expected.add(String.join("|", b.get(0), b.get(2), b.get(1), b.get(5), b.get(6)));
        }
      }
    });
    assertTrue(maxPerWindowEnd.size() >= 4, "several windows: " + maxPerWindowEnd.keySet());
    assertEquals(sorted(expected), run("q7"));
  }

  @Test
  void q8FindsPersonsWhoSellInTheirFirstPeriod() throws Exception {
    java.util.Set<List<Object>> sellers = new java.util.HashSet<>();
    for (List<String> a : auctions) {
      sellers.add(List.of(a.get(7), Math.floorDiv(millis(a.get(5)), 10_000)));
    }
    java.util.Set<String> expected = new java.util.TreeSet<>();
    for (List<String> p : persons) {
      long window = Math.floorDiv(millis(p.get(6)), 10_000);
      if (sellers.contains(List.of(p.get(0), window))) {
        expected.add(String.join("|", p.get(0), p.get(1),
            dev.weir.catalog.types.Temporal.formatTimestamp(window * 10_000)));
      }
    }
    assertTrue(expected.size() > 5, "some new sellers: " + expected.size());
    assertEquals(new ArrayList<>(expected), run("q8"));
  }

  @Test
  void q9FindsEachAuctionsWinningBid() throws Exception {
    Map<String, List<String>> winner = new TreeMap<>(); // auction id -> its highest bid while open, earliest first
    Map<String, List<String>> byId = new java.util.HashMap<>();
    auctions.forEach(a -> byId.put(a.get(0), a));
    for (List<String> b : bids) {
      List<String> a = byId.get(b.get(0));
      long t = millis(b.get(5));
      if (a != null && t >= millis(a.get(5)) && t <= millis(a.get(6))) {
        winner.merge(a.get(0), b, (x, y) -> price(y) > price(x) || price(y) == price(x) && millis(y.get(5)) < millis(x.get(5))
            ? y : x);
      }
    }
    List<String> expected = new ArrayList<>();
    winner.forEach((id, b) -> {
      List<String> row = new ArrayList<>(byId.get(id));
      row.addAll(List.of(b.get(0), b.get(1), b.get(2), b.get(5), b.get(6)));
      expected.add(String.join("|", row));
    });
    assertTrue(expected.size() > 100, "many auctions with bids: " + expected.size());
    assertEquals(sorted(expected), runUpdating("q9"));
  }

  @Test
  void q18KeepsEachBiddersLastBidPerAuction() throws Exception {
    Map<List<String>, List<String>> last = new java.util.HashMap<>();
    for (List<String> b : bids) {
      last.merge(List.of(b.get(1), b.get(0)), b, (x, y) -> millis(y.get(5)) > millis(x.get(5)) ? y : x);
    }
    List<String> expected = new ArrayList<>(last.values().stream().map(b -> String.join("|", b)).toList());
    assertTrue(expected.size() < bids.size(), "some bidders bid twice on an auction");
    assertEquals(sorted(expected), runUpdating("q18"));
  }

  @Test
  void q19RanksTheTenHighestBidsOfEachAuction() throws Exception {
    Map<String, List<Long>> prices = new TreeMap<>();
    for (List<String> b : bids) {
      prices.computeIfAbsent(b.get(0), a -> new ArrayList<>()).add(price(b));
    }
    List<String> expected = new ArrayList<>();
    prices.forEach((auction, p) -> {
      p.sort(java.util.Collections.reverseOrder());
      for (int rank = 1; rank <= Math.min(10, p.size()); rank++) {
        expected.add(auction + "|" + p.get(rank - 1) + "|" + rank);
      }
    });
    java.util.Set<String> all = new java.util.HashSet<>(bids.stream().map(b -> String.join("|", b)).toList());
    List<String> rows = runUpdating("q19");
    List<String> ranked = new ArrayList<>();
    for (String row : rows) {
      String[] v = row.split("\\|", -1);
      assertTrue(all.contains(String.join("|", java.util.Arrays.copyOf(v, 7))), "a bid that was made: " + row);
      ranked.add(v[0] + "|" + v[2] + "|" + v[7]); // equal prices may rank either way: compare prices and ranks
    }
    assertEquals(sorted(expected), sorted(ranked));
  }

  @Test
  void q11CountsTheBidsOfEachBiddersSessions() throws Exception {
    Map<String, List<Long>> times = new TreeMap<>();
    for (List<String> b : bids) {
      times.computeIfAbsent(b.get(1), k -> new ArrayList<>()).add(millis(b.get(5)));
    }
    List<String> expected = new ArrayList<>();
    times.forEach((bidder, t) -> {
      t.sort(null);
      int first = 0;
      for (int i = 1; i <= t.size(); i++) {
        if (i == t.size() || t.get(i) - t.get(i - 1) >= 10_000) { // a gap of 10 s or more ends a session
          expected.add(String.join("|", bidder, Integer.toString(i - first),
              dev.weir.catalog.types.Temporal.formatTimestamp(t.get(first)),
              dev.weir.catalog.types.Temporal.formatTimestamp(t.get(i - 1) + 10_000)));
          first = i;
        }
      }
    });
    assertTrue(expected.size() > times.size(), "some bidders have several sessions");
    assertEquals(sorted(expected), run("q11"));
  }

  @Test
  void q12CountsEachBiddersBidsPerPeriodOfProcessingTime() throws Exception {
    Map<String, Long> perBidder = new TreeMap<>();
    bids.forEach(b -> perBidder.merge(b.get(1), 1L, Long::sum));
    Map<String, Long> counted = new TreeMap<>();
    for (String row : run("q12")) {
      String[] v = row.split("\\|");
      long start = millis(v[2]);
      assertEquals(0, start % 10_000, "windows start on the 10 s: " + row);
      assertEquals(start + 10_000, millis(v[3]), row);
      assertTrue(Math.abs(start - System.currentTimeMillis()) < 600_000, "a window of the wall clock: " + row);
      counted.merge(v[0], Long.parseLong(v[1]), Long::sum);
    }
    // which period each bid falls in depends on the clock; that every bid is counted once does not
    assertEquals(perBidder, counted);
  }

  @Test
  void q20JoinsBidsWithTheirCategory10Auctions() throws Exception {
    Map<String, List<String>> byId = new java.util.HashMap<>();
    auctions.forEach(a -> byId.put(a.get(0), a));
    List<String> expected = new ArrayList<>();
    for (List<String> b : bids) {
      List<String> a = byId.get(b.get(0));
      if (a != null && a.get(8).equals("10")) {
        List<String> row = new ArrayList<>(b);
        row.addAll(a.subList(1, 10));
        expected.add(String.join("|", row));
      }
    }
    assertTrue(expected.size() > 100, "many bids on category 10: " + expected.size());
    assertEquals(sorted(expected), run("q20"));
  }

  @AfterAll
  static void stop() {
    weir.close();
  }

  /** Runs a query file with its blackhole sink swapped for JSON files, and reads the rows back. */
  private static List<String> run(String query) throws Exception {
    Path out = dir.resolve(query);
    String sql = NexmarkRunner.query(query).replace("WITH ('connector' = 'blackhole')",
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
  void q13LooksUpEachBidsAuctionInTheSideInput() throws Exception {
    // the side input's line for key k is 'k,2k'
    assertEquals(expected(b -> List.of(b.get(0), b.get(1), b.get(2), b.get(5),
        Long.toString(Long.parseLong(b.get(0)) % 10_000 * 2))), run("q13"));
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
