package dev.weir.sql.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.Row;
import dev.weir.sql.session.Weir;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiled expressions on random rows against the same computed in plain Java (BigDecimal,
 * java.lang.String): text functions that work on UTF-8 bytes, with ASCII and other text, and
 * DECIMAL arithmetic on scaled longs, with values that do and do not fit a long.
 */
class CompiledExpressionsTest {
  private static final int ROWS = 3000;
  private static final String[] PIECES = {"a", "B", "/", "&", "id=", "x", "7", "é", "ß", "İ", "日", "😀"};

  @TempDir
  static Path dir;

  private static Weir weir;
  private static final List<Map<String, Object>> rows = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    Random r = new Random(7);
    StringBuilder json = new StringBuilder();
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", (long) i);
      long price = switch (r.nextInt(4)) {
        // 908 * price does not fit a long, but 0.908 * price fits DECIMAL(19, 3)
        case 0 -> (r.nextBoolean() ? 1 : -1) * (10_200_000_000_000_000L + r.nextLong(500_000_000_000_000L));
        case 1 -> r.nextLong(10_000_000_000_000_000L);
        default -> r.nextInt(100_000_000) - 1000;
      };
      row.put("price", r.nextInt(20) == 0 ? null : price);
      BigDecimal d = BigDecimal.valueOf(r.nextLong() % 10_000_000_000L, 2);
      row.put("d", r.nextInt(20) == 0 ? null : d);
      StringBuilder s = new StringBuilder();
      for (int k = r.nextInt(10); k > 0; k--) {
        String p = PIECES[r.nextInt(PIECES.length)];
        if (i % 2 == 0 || p.chars().allMatch(c -> c < 128)) {
          s.append(p);
        }
      }
      row.put("s", r.nextInt(20) == 0 ? null : s.toString());
      rows.add(row);
      json.append(mapper.writeValueAsString(row)).append('\n');
    }
    Path file = dir.resolve("rows.json");
    Files.writeString(file, json);
    weir = Weir.create();
    weir.execute("CREATE TABLE t (id BIGINT, price BIGINT, d DECIMAL(12, 2), s STRING) WITH ('connector' = 'filesystem', "
        + "'path' = '" + file + "', 'format' = 'json')");
  }

  @AfterAll
  static void tearDown() throws Exception {
    weir.close();
  }

  private static List<List<Object>> query(String sql) throws Exception {
    try (QueryResult result = weir.query(sql)) {
      List<List<Object>> out = new ArrayList<>();
      for (Row row : result.toList()) {
        out.add(row.values());
      }
      out.sort((a, b) -> Long.compare((Long) a.get(0), (Long) b.get(0)));
      return out;
    }
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }

  @Test
  void textFunctionsOnBytesMatchTheStringFunctions() throws Exception {
    List<List<Object>> actual = query("SELECT id, LOWER(s), UPPER(s), CHAR_LENGTH(s), SPLIT_INDEX(s, '/', 1), "
        + "REGEXP_EXTRACT(s, '(&|^)id=([^&]*)', 2), s = 'a/x', CASE WHEN s LIKE 'a%' THEN s WHEN LOWER(s) = 'b' THEN 'one' "
        + "ELSE LOWER(s) END, COALESCE(SPLIT_INDEX(s, 'é', 1), s), SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s, 4), "
        + "SUBSTRING(s FROM -1 FOR 3) FROM t WHERE LOWER(s) <> 'zzz' OR s IS NULL");
    Pattern id = Pattern.compile("(&|^)id=([^&]*)");
    List<List<Object>> expected = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      String s = (String) row.get("s");
      if (s == null) {
        expected.add(Arrays.asList(row.get("id"), null, null, null, null, null, null, null, null, null, null, null));
        continue;
      }
      Matcher m = id.matcher(s);
      String lower = s.toLowerCase(Locale.ROOT);
      String piece = Utf8FunctionsTest.splitIndex(s, "é", 1);
      expected.add(Arrays.asList(row.get("id"), lower, s.toUpperCase(Locale.ROOT), s.codePointCount(0, s.length()),
          Utf8FunctionsTest.splitIndex(s, "/", 1), m.find() ? m.group(2) : null, s.equals("a/x"),
          s.startsWith("a") ? s : lower.equals("b") ? "one" : lower, piece != null ? piece : s,
          utf8(SqlRuntime.substring(s, 2, 3)), utf8(SqlRuntime.substring(s, 4, Long.MAX_VALUE)), utf8(SqlRuntime.substring(s, -1, 3))));
    }
    assertRows(expected, normalize(actual));
  }

  @Test
  void likeOnBytesMatchesTheRegularExpression() throws Exception {
    String[][] patterns = {{"a%", null}, {"%é", null}, {"%/%x%", null}, {"a_%", null}, {"ab", null}, {"%", null},
        {"%日%😀", null}, {"%!%%", "!"}, {"_", null}, {"%a%a%", null}};
    StringBuilder sql = new StringBuilder("SELECT id");
    for (String[] p : patterns) {
      sql.append(", s LIKE '").append(p[0]).append("'").append(p[1] == null ? "" : " ESCAPE '" + p[1] + "'");
    }
    sql.append(", s NOT LIKE 'a%' FROM t");
    List<List<Object>> expected = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      String s = (String) row.get("s");
      List<Object> e = new ArrayList<>();
      e.add(row.get("id"));
      for (String[] p : patterns) {
        e.add(s == null ? null : SqlRuntime.like(s, SqlRuntime.likePattern(p[0], p[1])));
      }
      e.add(s == null ? null : !s.startsWith("a"));
      expected.add(e);
    }
    assertRows(expected, query(sql.toString()));
  }

  @Test
  void decimalArithmeticOnLongsMatchesBigDecimal() throws Exception {
    List<List<Object>> actual = query("SELECT id, CAST(0.908 * price AS DECIMAL(23, 3)), d * 3, d + price, price - d, -d, "
        + "CAST(d * 1.25 AS DECIMAL(20, 3)), d > 1000, 0.908 * price < 50000000 FROM t "
        + "WHERE 0.908 * price > 1000000 OR d <= 0.5 OR price IS NULL");
    BigDecimal rate = new BigDecimal("0.908");
    List<List<Object>> expected = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Long price = (Long) row.get("price");
      BigDecimal d = (BigDecimal) row.get("d");
      BigDecimal euros = price == null ? null : rate.multiply(BigDecimal.valueOf(price));
      boolean keep = price == null || euros.compareTo(BigDecimal.valueOf(1_000_000)) > 0
          || d != null && d.compareTo(new BigDecimal("0.5")) <= 0;
      if (!keep) {
        continue;
      }
      boolean both = price != null && d != null;
      expected.add(Arrays.asList(row.get("id"), euros, d == null ? null : d.multiply(BigDecimal.valueOf(3)),
          both ? d.add(BigDecimal.valueOf(price)) : null, both ? BigDecimal.valueOf(price).subtract(d) : null,
          d == null ? null : d.negate(),
          d == null ? null : d.multiply(new BigDecimal("1.25")).setScale(3, RoundingMode.HALF_UP),
          d == null ? null : d.compareTo(BigDecimal.valueOf(1000)) > 0,
          euros == null ? null : euros.compareTo(BigDecimal.valueOf(50_000_000)) < 0));
    }
    assertRows(normalize(expected), normalize(actual));
  }

  /**
   * A String as it reads back from a VARCHAR column. SUBSTRING counts UTF-16 chars, not
   * characters, so it can cut a character outside the BMP in two, and UTF-8 has no half.
   */
  private static String utf8(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /** Row by row, so that a failure shows the row. */
  private static void assertRows(List<List<Object>> expected, List<List<Object>> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i).toString(), actual.get(i).toString());
    }
    assertEquals(expected.size(), actual.size());
  }

  /** Numbers compared by value (BigDecimal's toString depends on the scale). */
  private static List<List<Object>> normalize(List<List<Object>> table) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : table) {
      List<Object> r = new ArrayList<>();
      for (Object v : row) {
        r.add(v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString()
            : v instanceof Number n && !(v instanceof Long) ? n.longValue() : v);
      }
      out.add(r);
    }
    return out;
  }
}
