package dev.weir.sql.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.Row;
import dev.weir.sql.session.Weir;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests: random rows and random queries, run by Weir (streaming, over a JSON file) and
 * by Calcite's own enumerable engine (over the same rows in memory, through JDBC); the final
 * results must be equal. Windows are checked against GROUP BY over computed window bounds.
 * Updating aggregation is checked too: a random stream of Debezium changes (creates, updates that
 * move rows between groups, deletes) read in small batches; Weir's changelog, applied, must equal
 * the reference's aggregate over the rows that remain.
 */
class DifferentialTest {
  private static final int DATASETS = 4;
  private static final int QUERIES_PER_DATASET = 90;
  private static final String[] STRINGS = {"a", "ab", "b", "ba", "c", "abc"};

  @TempDir
  static Path dir;

  private static final int CHANGE_DATASETS = 3;
  private static final int CHANGE_QUERIES_PER_DATASET = 40;

  private static Weir weir;
  /** Reads the change streams in batches of a few records, so that groups change many times. */
  private static Weir changes;
  private static Connection reference;
  private static final List<List<Object[]>> DATA = new ArrayList<>();

  /** The reference table: the same rows, scanned by Calcite's enumerable engine. */
  private static final class ReferenceTable extends AbstractTable implements ScannableTable {
    private final List<Object[]> rows;

    ReferenceTable(List<Object[]> rows) {
      this.rows = rows;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("k", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
          .add("v", f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), true))
          .add("s", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
          .add("ts_ms", f.createSqlType(SqlTypeName.BIGINT))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows);
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    weir = Weir.create(2);
    weir.engine().verifySnapshots(true); // every operator's state goes through a snapshot after each element
    Properties info = new Properties();
    info.setProperty("lex", "JAVA");
    reference = DriverManager.getConnection("jdbc:calcite:", info);
    var schema = reference.unwrap(CalciteConnection.class).getRootSchema();
    Random random = new Random(20261123);
    for (int d = 0; d < DATASETS; d++) {
      List<Object[]> rows = new ArrayList<>();
      int n = 50 + random.nextInt(400);
      StringBuilder json = new StringBuilder();
      for (int i = 0; i < n; i++) {
        Integer k = random.nextInt(8) == 0 ? null : random.nextInt(6) - 1;
        Long v = random.nextInt(10) == 0 ? null : (long) random.nextInt(200) - 50;
        String s = random.nextInt(7) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)];
        long ts = 1_436_918_400_000L + random.nextInt(60_000); // a minute, out of order
        rows.add(new Object[] {k, v, s, ts});
        json.append("{\"k\": ").append(k).append(", \"v\": ").append(v).append(", \"s\": ")
            .append(s == null ? "null" : "\"" + s + "\"").append(", \"ts_ms\": ").append(ts).append(", \"ts\": ")
            .append(ts).append("}\n");
      }
      Path file = dir.resolve("t" + d + ".json");
      Files.writeString(file, json.toString());
      // a day of allowed lateness: nothing is late, so windows hold every row as GROUP BY does
      weir.execute("CREATE TABLE t" + d + " (k INT, v BIGINT, s STRING, ts_ms BIGINT, ts TIMESTAMP(3),"
          + " WATERMARK FOR ts AS ts - INTERVAL '1' DAY) WITH ('connector' = 'filesystem', 'path' = '" + file
          + "', 'format' = 'json')");
      schema.add("t" + d, new ReferenceTable(rows));
      DATA.add(rows);
      // the same rows in time order, with a watermark that trails by nothing: interval and window
      // joins then free their state as they go, and must still miss no partner
      List<Object[]> ordered = new ArrayList<>(rows);
      ordered.sort(java.util.Comparator.comparingLong(row -> (Long) row[3]));
      StringBuilder inOrder = new StringBuilder();
      for (Object[] row : ordered) {
        inOrder.append("{\"k\": ").append(row[0]).append(", \"v\": ").append(row[1]).append(", \"s\": ")
            .append(row[2] == null ? "null" : "\"" + row[2] + "\"").append(", \"ts_ms\": ").append(row[3])
            .append(", \"ts\": ").append(row[3]).append("}\n");
      }
      Path orderedFile = dir.resolve("o" + d + ".json");
      Files.writeString(orderedFile, inOrder.toString());
      weir.execute("CREATE TABLE o" + d + " (k INT, v BIGINT, s STRING, ts_ms BIGINT, ts TIMESTAMP(3),"
          + " WATERMARK FOR ts AS ts) WITH ('connector' = 'filesystem', 'path' = '" + orderedFile
          + "', 'format' = 'json')");
    }
    changes = Weir.create(2);
    changes.engine().verifySnapshots(true);
    changes.execute("SET 'execution.batch-size' = '5'");
    for (int d = 0; d < CHANGE_DATASETS; d++) {
      List<Object[]> live = changeStream(random, dir.resolve("c" + d + ".json"));
      changes.execute("CREATE TABLE c" + d + " (id INT, k INT, v BIGINT, s STRING) WITH ('connector' = 'filesystem',"
          + " 'path' = '" + dir.resolve("c" + d + ".json") + "', 'format' = 'debezium-json')");
      List<Object[]> reference = new ArrayList<>();
      for (Object[] row : live) {
        reference.add(new Object[] {row[1], row[2], row[3], 0L});
      }
      schema.add("c" + d, new ReferenceTable(reference));
    }
  }

  /**
   * Writes random Debezium events for rows with ids 0..n-1 (creates, then updates and deletes in
   * random order, a deleted id sometimes created again) and returns the rows alive at the end as
   * {id, k, v, s}.
   */
  private static List<Object[]> changeStream(Random random, Path file) throws Exception {
    Map<Integer, Object[]> live = new LinkedHashMap<>();
    StringBuilder json = new StringBuilder();
    int ids = 30 + random.nextInt(60);
    for (int event = 0; event < ids * 4; event++) {
      int id = random.nextInt(ids);
      Object[] before = live.get(id);
      Object[] after = {id, random.nextInt(8) == 0 ? null : random.nextInt(5),
          random.nextInt(10) == 0 ? null : (long) random.nextInt(100) - 30,
          random.nextInt(7) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)]};
      String op;
      if (before == null) {
        op = "c";
      } else if (random.nextInt(4) == 0) {
        op = "d";
        after = null;
      } else {
        op = "u";
      }
      json.append("{\"before\": ").append(changeRow(before)).append(", \"after\": ").append(changeRow(after))
          .append(", \"op\": \"").append(op).append("\"}\n");
      if (after == null) {
        live.remove(id);
      } else {
        live.put(id, after);
      }
    }
    Files.writeString(file, json.toString());
    return new ArrayList<>(live.values());
  }

  private static String changeRow(Object[] row) {
    if (row == null) {
      return "null";
    }
    return "{\"id\": " + row[0] + ", \"k\": " + row[1] + ", \"v\": " + row[2] + ", \"s\": "
        + (row[3] == null ? "null" : "\"" + row[3] + "\"") + "}";
  }

  @AfterAll
  static void tearDown() throws Exception {
    reference.close();
    weir.close();
    changes.close();
  }

  // ---- random queries

  private static String atom(Random r) {
    return switch (r.nextInt(11)) {
      case 0 -> "v > " + (r.nextInt(150) - 50);
      case 1 -> "v <= " + (r.nextInt(150) - 50);
      case 2 -> "k = " + (r.nextInt(6) - 1);
      case 3 -> "k <> " + (r.nextInt(6) - 1);
      case 4 -> "s = '" + STRINGS[r.nextInt(STRINGS.length)] + "'";
      case 5 -> "s LIKE '" + (char) ('a' + r.nextInt(3)) + "%'";
      case 6 -> "v IS NULL";
      case 7 -> "s IS NOT NULL";
      case 8 -> "k BETWEEN " + (r.nextInt(3) - 1) + " AND " + (r.nextInt(3) + 2);
      case 9 -> "k IN (" + (r.nextInt(6) - 1) + ", " + (r.nextInt(6) - 1) + ")";
      default -> "v + k > " + (r.nextInt(100) - 30);
    };
  }

  private static String predicate(Random r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return atom(r);
    }
    return switch (r.nextInt(3)) {
      case 0 -> "(" + predicate(r, depth - 1) + " AND " + predicate(r, depth - 1) + ")";
      case 1 -> "(" + predicate(r, depth - 1) + " OR " + predicate(r, depth - 1) + ")";
      default -> "NOT (" + predicate(r, depth - 1) + ")";
    };
  }

  /** A pair of queries, Weir's and the reference's, that must give the same rows. */
  private record Case(String weirSql, String referenceSql) {}

  private static Case randomCase(Random r, String table) {
    String where = r.nextInt(4) == 0 ? "" : " WHERE " + predicate(r, 2);
    switch (r.nextInt(3)) {
      case 0 -> {
        String sql = "SELECT k, v, s, v + k AS x, CASE WHEN v > 10 THEN 'big' WHEN v IS NULL THEN 'none' ELSE s END AS c,"
            + " COALESCE(s, 'zz') AS z, UPPER(s) AS u, v * 2 - k AS y FROM " + table + where;
        return new Case(sql, sql);
      }
      case 1 -> {
        String key = switch (r.nextInt(3)) {
          case 0 -> "k";
          case 1 -> "s";
          default -> "";
        };
        String select = "COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v), AVG(v), MIN(s), MAX(s), SUM(v) FILTER (WHERE k > 1)";
        String sql = key.isEmpty() ? "SELECT " + select + " FROM " + table + where
            : "SELECT " + key + ", " + select + " FROM " + table + where + " GROUP BY " + key;
        return new Case(sql, sql);
      }
      default -> {
        int seconds = new int[] {1, 2, 5, 10, 30}[r.nextInt(5)];
        long size = seconds * 1000L;
        String weirSql = "SELECT window_start, k, COUNT(*), SUM(v), MAX(s) FROM TABLE(TUMBLE(TABLE " + table
            + ", DESCRIPTOR(ts), INTERVAL '" + seconds + "' SECOND))" + where + " GROUP BY window_start, window_end, k";
        String referenceSql = "SELECT ts_ms - MOD(ts_ms, " + size + "), k, COUNT(*), SUM(v), MAX(s) FROM " + table
            + where + " GROUP BY ts_ms - MOD(ts_ms, " + size + "), k";
        return new Case(weirSql, referenceSql);
      }
    }
  }

  // ---- comparing

  private static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof java.sql.Timestamp t) {
      return Long.toString(t.getTime());
    }
    if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
      return Long.toString(n.longValue());
    }
    return value.toString();
  }

  /** Runs a query; a changelog (an outer join's, say) is applied: the rows left, sorted. */
  private static List<String> runWeir(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (QueryResult result = weir.query(sql)) {
      for (Row row : result) {
        String text = String.join(" | ", row.values().stream().map(DifferentialTest::text).toList());
        if (!result.isChangelog() || row.kind().equals("+I") || row.kind().equals("+U")) {
          rows.add(text);
        } else {
          assertTrue(rows.remove(text), "retracted a row it never emitted: " + row.kind() + " " + text);
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> runReference(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Statement st = reference.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          values.add(text(rs.getObject(c)));
        }
        rows.add(String.join(" | ", values));
      }
    }
    rows.sort(null);
    return rows;
  }

  /** Runs an updating query and applies its changelog: the rows left, sorted. */
  private static List<String> runChangelog(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (QueryResult result = changes.query(sql)) {
      assertTrue(result.isChangelog(), "an aggregate over changes updates: " + sql);
      for (Row row : result) {
        String text = String.join(" | ", row.values().stream().map(DifferentialTest::text).toList());
        if (row.kind().equals("+I") || row.kind().equals("+U")) {
          rows.add(text);
        } else {
          assertTrue(rows.remove(text), "retracted a row it never emitted: " + row.kind() + " " + text);
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  @TestFactory
  Stream<DynamicTest> updatingAggregatesOverChangesAgreeWithTheAggregateOfWhatRemains() {
    Random random = new Random(7);
    List<DynamicTest> tests = new ArrayList<>();
    for (int d = 0; d < CHANGE_DATASETS; d++) {
      for (int q = 0; q < CHANGE_QUERIES_PER_DATASET; q++) {
        String table = "c" + d;
        String where = random.nextInt(3) == 0 ? "" : " WHERE " + predicate(random, 2);
        String key = new String[] {"k", "s", "k, s"}[random.nextInt(3)];
        String sql = "SELECT " + key + ", COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v), AVG(v), MIN(s), MAX(s),"
            + " COUNT(DISTINCT v), SUM(v) FILTER (WHERE k > 1) FROM " + table + where + " GROUP BY " + key;
        tests.add(DynamicTest.dynamicTest(sql, () -> assertEquals(runReference(sql), runChangelog(sql))));
      }
    }
    return tests.stream();
  }

  private static final String[] JOIN_TYPES = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"};

  /**
   * A random join of two datasets: regular (also feeding an aggregate), interval and window joins,
   * inner and outer, with and without a residual condition.
   */
  private static Case joinCase(Random r) {
    int a = r.nextInt(DATASETS);
    int b = r.nextInt(DATASETS);
    String type = JOIN_TYPES[r.nextInt(JOIN_TYPES.length)];
    String on = "l.k = r.k" + (r.nextInt(3) == 0 ? " AND l.v < r.v" : "") + (r.nextInt(4) == 0 ? " AND l.s = r.s" : "");
    String columns = "l.k, l.v, l.s, r.k, r.v, r.s";
    switch (r.nextInt(4)) {
      case 0 -> {
        String where = r.nextInt(3) == 0 ? " WHERE " + predicate(r, 1).replaceAll("\\b([kvs])\\b", "l.$1") : "";
        String sql = "SELECT " + columns + " FROM t" + a + " l " + type + " t" + b + " r ON " + on + where;
        return new Case(sql, sql);
      }
      case 1 -> {
        int before = r.nextInt(6);
        int after = r.nextInt(6);
        String weirSql = "SELECT " + columns + " FROM o" + a + " l " + type + " o" + b + " r ON " + on
            + " AND l.ts BETWEEN r.ts - INTERVAL '" + before + "' SECOND AND r.ts + INTERVAL '" + after + "' SECOND";
        String referenceSql = "SELECT " + columns + " FROM t" + a + " l " + type + " t" + b + " r ON " + on
            + " AND l.ts_ms BETWEEN r.ts_ms - " + before * 1000 + " AND r.ts_ms + " + after * 1000;
        return new Case(weirSql, referenceSql);
      }
      case 2 -> {
        int seconds = new int[] {1, 5, 10}[r.nextInt(3)];
        String weirSql = "SELECT " + columns + " FROM (SELECT * FROM TABLE(TUMBLE(TABLE o" + a + ", DESCRIPTOR(ts),"
            + " INTERVAL '" + seconds + "' SECOND))) l " + type + " (SELECT * FROM TABLE(TUMBLE(TABLE o" + b
            + ", DESCRIPTOR(ts), INTERVAL '" + seconds + "' SECOND))) r ON l.window_start = r.window_start"
            + " AND l.window_end = r.window_end AND " + on;
        long size = seconds * 1000L;
        String referenceSql = "SELECT " + columns + " FROM t" + a + " l " + type + " t" + b + " r ON l.ts_ms - MOD(l.ts_ms, "
            + size + ") = r.ts_ms - MOD(r.ts_ms, " + size + ") AND " + on;
        return new Case(weirSql, referenceSql);
      }
      default -> {
        String sql = "SELECT l.k, COUNT(*), COUNT(r.v), SUM(r.v), MIN(r.s), MAX(l.v) FROM t" + a + " l " + type + " t" + b
            + " r ON " + on + " GROUP BY l.k";
        return new Case(sql, sql);
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> joinsAgreeWithCalcitesEnumerableEngine() {
    Random random = new Random(2026);
    List<DynamicTest> tests = new ArrayList<>();
    for (int q = 0; q < 120; q++) {
      Case c = joinCase(random);
      tests.add(DynamicTest.dynamicTest(c.weirSql(), () -> {
        List<String> expected = runReference(c.referenceSql());
        // small batches: watermarks advance between them, and time-bounded joins expire rows as they go
        weir.execute("SET 'execution.batch-size' = '7'");
        List<String> actual;
        try {
          actual = runWeir(c.weirSql());
        } finally {
          weir.execute("RESET 'execution.batch-size'");
        }
        assertEquals(expected, actual, "reference: " + c.referenceSql());
      }));
    }
    return tests.stream();
  }

  /** A random top-N: partition, order, limit, with or without the rank number in the result. */
  private static String topN(Random r, String table) {
    String partition = new String[] {"k", "s", "k, s", ""}[r.nextInt(4)];
    String order = new String[] {"v DESC NULLS LAST, s NULLS FIRST", "v NULLS FIRST", "s DESC NULLS LAST, v NULLS LAST",
        "v DESC NULLS FIRST"}[r.nextInt(4)];
    String limit = new String[] {"rn <= 1", "rn <= 3", "rn < 5", "rn BETWEEN 2 AND 4", "rn = 2"}[r.nextInt(5)];
    boolean withRank = r.nextBoolean();
    String over = "ROW_NUMBER() OVER (" + (partition.isEmpty() ? "" : "PARTITION BY " + partition + " ") + "ORDER BY "
        + order + ") AS rn";
    // rows that tie on the order keys are equal in what is selected, so any tie-break gives the same result
    String selected = order.contains("s") ? "k, v, s" : partition.contains("s") ? "k, v, s" : "k, v";
    if (!partition.contains("k")) {
      selected = selected.replace("k, ", "");
    }
    return "SELECT " + selected + (withRank ? ", rn" : "") + " FROM (SELECT " + selected + ", " + over + " FROM " + table
        + ") WHERE " + limit;
  }

  @TestFactory
  Stream<DynamicTest> topNAgreesWithCalcitesEnumerableEngine() {
    Random random = new Random(99);
    List<DynamicTest> tests = new ArrayList<>();
    for (int q = 0; q < 60; q++) {
      String sql = topN(random, "t" + random.nextInt(DATASETS));
      tests.add(DynamicTest.dynamicTest(sql, () -> assertEquals(runReference(sql), runWeir(sql))));
    }
    for (int q = 0; q < 40; q++) {
      // over changes: a retraction can bring a row from below the limit back up
      String sql = topN(random, "c" + random.nextInt(CHANGE_DATASETS));
      tests.add(DynamicTest.dynamicTest(sql, () -> assertEquals(runReference(sql), runChangelog(sql))));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> overAggregatesAgreeWithCalcitesEnumerableEngine() {
    Random random = new Random(5);
    List<DynamicTest> tests = new ArrayList<>();
    for (int q = 0; q < 40; q++) {
      int d = random.nextInt(DATASETS);
      String partition = new String[] {"PARTITION BY k ", "PARTITION BY s ", ""}[random.nextInt(3)];
      int seconds = random.nextInt(20);
      String aggregates = "COUNT(*) OVER w, SUM(v) OVER w, MIN(v) OVER w, MAX(s) OVER w, AVG(v) OVER w";
      // RANGE frames: rows of the same time are peers, so the result does not depend on their order
      String weirSql = "SELECT k, v, s, ts_ms, " + aggregates + " FROM o" + d + " WINDOW w AS (" + partition
          + "ORDER BY ts RANGE BETWEEN INTERVAL '" + seconds + "' SECOND PRECEDING AND CURRENT ROW)";
      String referenceSql = "SELECT k, v, s, ts_ms, " + aggregates + " FROM t" + d + " WINDOW w AS (" + partition
          + "ORDER BY ts_ms RANGE BETWEEN " + seconds * 1000 + " PRECEDING AND CURRENT ROW)";
      tests.add(DynamicTest.dynamicTest(weirSql, () -> {
        weir.execute("SET 'execution.batch-size' = '7'");
        try {
          assertEquals(runReference(referenceSql), runWeir(weirSql), "reference: " + referenceSql);
        } finally {
          weir.execute("RESET 'execution.batch-size'");
        }
      }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> weirAgreesWithCalcitesEnumerableEngine() {
    Random random = new Random(42);
    List<DynamicTest> tests = new ArrayList<>();
    for (int d = 0; d < DATASETS; d++) {
      for (int q = 0; q < QUERIES_PER_DATASET; q++) {
        Case c = randomCase(random, "t" + d);
        tests.add(DynamicTest.dynamicTest(c.weirSql(), () -> {
          List<String> expected = runReference(c.referenceSql());
          List<String> actual = runWeir(c.weirSql());
          assertEquals(expected, actual, "reference: " + c.referenceSql());
        }));
      }
    }
    assertTrue(tests.size() >= 300);
    return tests.stream();
  }
}
