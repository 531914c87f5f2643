package dev.weir.sql.codegen;

import dev.weir.catalog.types.MapVectors;
import dev.weir.catalog.types.Temporal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.complex.MapVector;

/**
 * The SQL functions generated code calls. Arguments are never NULL here: the generated code
 * handles NULLs before calling. Methods that can yield NULL return a boxed or null reference.
 */
public final class SqlRuntime {
  private static final int CACHE_LIMIT = 1024;
  private static final Map<String, Pattern> REGEX_CACHE = new ConcurrentHashMap<>();
  private static final Map<String, DateTimeFormatter> FORMAT_CACHE = new ConcurrentHashMap<>();

  /** Caches of patterns that may come from data: cleared when they grow past a bound. */
  private static <V> V cached(Map<String, V> cache, String key, java.util.function.Function<String, V> make) {
    V v = cache.get(key);
    if (v == null) {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      v = make.apply(key);
      cache.put(key, v);
    }
    return v;
  }

  private SqlRuntime() {}

  // ---- strings

  /** {@code MAP[k1, v1, k2, v2, ...]}: keys in order, a later duplicate key wins. */
  public static Map<String, Object> mapOf(Object[] keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i] == null) {
        throw new IllegalArgumentException("a MAP key is NULL; map keys must not be NULL");
      }
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Writes a map value (an input vector's row {@code inRow}, or a map built by {@link #mapOf}) at {@code row}. */
  @SuppressWarnings("unchecked")
  public static void writeMap(MapVector out, int row, Object value, int inRow) {
    if (value instanceof MapVector in) {
      out.copyFromSafe(inRow, row, in);
      return;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    byte[][] keys = new byte[map.size()][];
    byte[][] values = new byte[map.size()][];
    int i = 0;
    for (Map.Entry<String, Object> e : map.entrySet()) {
      keys[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
      Object v = e.getValue();
      values[i++] = v == null ? null : v instanceof byte[] b ? b : ((String) v).getBytes(StandardCharsets.UTF_8);
    }
    MapVectors.write(out, row, keys, values);
  }

  /** The value of {@code key} in row {@code row} of a map of byte values, or null when absent. */
  public static byte[] mapBytes(Object map, int row, String key) {
    if (map instanceof Map<?, ?> m) {
      return (byte[]) m.get(key);
    }
    return mapValue((MapVector) map, row, key);
  }

  /** The value of {@code key} in row {@code row} of a map of text values, or null when absent. */
  public static String mapText(Object map, int row, String key) {
    if (map instanceof Map<?, ?> m) {
      return (String) m.get(key);
    }
    byte[] value = mapValue((MapVector) map, row, key);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static byte[] mapValue(MapVector map, int row, String key) {
    int at = MapVectors.indexOf(map, row, key.getBytes(StandardCharsets.UTF_8));
    return at < 0 || MapVectors.values(map).isNull(at) ? null : MapVectors.values(map).get(at);
  }

  public static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  public static int charLength(String s) {
    return s.codePointCount(0, s.length());
  }

  // The same functions on UTF-8 bytes (Utf8 views), writing into the call site's own view
  // {@code out}. ASCII takes the byte path; other text is decoded and handed to the String version.

  public static Utf8 upper(Utf8 s, Utf8 out) {
    return s.isAscii() ? asciiCase(s, out, 'a', 'z', 'A' - 'a') : out.set(upper(s.toString()));
  }

  public static Utf8 lower(Utf8 s, Utf8 out) {
    return s.isAscii() ? asciiCase(s, out, 'A', 'Z', 'a' - 'A') : out.set(lower(s.toString()));
  }

  /** Adds {@code shift} to the bytes from {@code first} to {@code last}: Locale.ROOT case mapping of ASCII. */
  private static Utf8 asciiCase(Utf8 s, Utf8 out, char first, char last, int shift) {
    byte[] from = s.array();
    int start = s.start();
    int len = s.length();
    byte[] to = out.buffer(len);
    for (int k = 0; k < len; k++) {
      byte c = from[start + k];
      to[k] = c >= first && c <= last ? (byte) (c + shift) : c;
    }
    return out.written(len);
  }

  public static boolean equal(Utf8 a, Utf8 b) {
    return a.sameText(b);
  }

  public static int charLength(Utf8 s) {
    return s.isAscii() ? s.length() : charLength(s.toString());
  }

  /**
   * SPLIT_INDEX as a slice of {@code s} in {@code out}; false when the piece does not exist (NULL).
   * A UTF-8 separator occurs in UTF-8 bytes exactly where the text has it, so no decoding is needed.
   */
  public static boolean splitIndex(Utf8 s, Utf8 separator, long index, Utf8 out) {
    if (index < 0 || separator.length() == 0) {
      return false;
    }
    int from = 0;
    for (long k = 0; k < index; k++) {
      int at = s.indexOf(separator, from);
      if (at < 0) {
        return false;
      }
      from = at + separator.length();
    }
    int end = s.indexOf(separator, from);
    out.slice(s, from, end < 0 ? s.length() : end);
    return true;
  }

  /** SQL SUBSTRING: 1-based start (0 or negative counts from before the first character). */
  public static String substring(String s, long start, long length) {
    long range = substringRange(s.length(), start, length);
    return s.substring((int) (range >>> 32), (int) range);
  }

  /** SUBSTRING on bytes when the text is ASCII (chars are bytes), else on the decoded String. */
  public static Utf8 substring(Utf8 s, long start, long length, Utf8 out) {
    if (!s.isAscii()) {
      return out.set(substring(s.toString(), start, length));
    }
    long range = substringRange(s.length(), start, length);
    return out.slice(s, (int) (range >>> 32), (int) range);
  }

  /** The 0-based [begin, end) of SUBSTRING in {@code n} chars, as begin << 32 | end; MAX_VALUE length: to the end. */
  private static long substringRange(int n, long start, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("SUBSTRING length must not be negative: " + length);
    }
    long from = Math.max(start, 1);
    long to = length == Long.MAX_VALUE ? Long.MAX_VALUE : start + length; // exclusive, 1-based
    if (to <= from || from > n) {
      return 0;
    }
    return (from - 1) << 32 | Math.min(n, to - 1);
  }

  /** TRIM with Calcite's flag ("BOTH", "LEADING", "TRAILING"). */
  public static String trim(String flag, String chars, String s) {
    boolean leading = !flag.equals("TRAILING");
    boolean trailing = !flag.equals("LEADING");
    int from = 0;
    int to = s.length();
    if (leading) {
      while (from < to && chars.indexOf(s.charAt(from)) >= 0) {
        from++;
      }
    }
    if (trailing) {
      while (to > from && chars.indexOf(s.charAt(to - 1)) >= 0) {
        to--;
      }
    }
    return s.substring(from, to);
  }

  public static int position(String needle, String haystack) {
    return haystack.indexOf(needle) + 1;
  }

  public static String replace(String s, String search, String replacement) {
    return search.isEmpty() ? s : s.replace(search, replacement);
  }

  public static String initcap(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = !Character.isLetterOrDigit(c);
    }
    return b.toString();
  }

  public static Pattern regex(String regex) {
    return cached(REGEX_CACHE, regex, r -> {
      try {
        return Pattern.compile(r);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid regular expression '" + r + "': " + e.getMessage());
      }
    });
  }

  /** Flink's REGEXP_EXTRACT: group {@code group} of the first match, or null. */
  public static String regexpExtract(String s, String regex, long group) {
    return regexpExtract(s, regex(regex), group);
  }

  public static String regexpExtract(String s, Pattern regex, long group) {
    Matcher m = regex.matcher(s);
    if (!m.find() || group < 0 || group > m.groupCount()) {
      return null;
    }
    return m.group((int) group);
  }

  /** SQL LIKE pattern to a Java regex (compiled once per distinct pattern). */
  public static Pattern likePattern(String pattern, String escape) {
    return cached(REGEX_CACHE, "LIKE:" + escape + ":" + pattern, k -> {
      StringBuilder b = new StringBuilder("(?s)");
      char esc = escape == null || escape.isEmpty() ? 0 : escape.charAt(0);
      // by code point: a character outside the BMP quoted as two halves would never match
      for (int i = 0; i < pattern.length(); i += Character.charCount(pattern.codePointAt(i))) {
        int c = pattern.codePointAt(i);
        if (esc != 0 && c == esc && i + 1 < pattern.length()) {
          i++;
          b.append(Pattern.quote(Character.toString(pattern.codePointAt(i))));
        } else if (c == '%') {
          b.append(".*");
        } else if (c == '_') {
          b.append('.');
        } else {
          b.append(Pattern.quote(Character.toString(c)));
        }
      }
      return Pattern.compile(b.toString());
    });
  }

  public static boolean like(String s, Pattern pattern) {
    return pattern.matcher(s).matches();
  }

  // ---- numbers

  public static BigDecimal divide(BigDecimal a, BigDecimal b, int scale) {
    if (b.signum() == 0) {
      throw new ArithmeticException("Division by zero");
    }
    return a.divide(b, MathContext.DECIMAL128).setScale(scale, RoundingMode.HALF_UP);
  }

  /** The value at the scale of DECIMAL(precision, scale), or a clear error if it has too many digits. */
  public static BigDecimal fitDecimal(BigDecimal value, int precision, int scale) {
    BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
    if (scaled.precision() > precision) {
      throw new ArithmeticException("The value " + value.toPlainString() + " does not fit DECIMAL(" + precision + ", "
          + scale + ")");
    }
    return scaled;
  }

  // DECIMALs as unscaled longs: Long.MIN_VALUE means "does not fit in a long", and every helper
  // passes it on, so that generated code falls back to BigDecimal for that value.

  private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

  /** The unscaled value of row {@code row} (not null) of a DecimalVector (128-bit little-endian). */
  public static long unscaled(org.apache.arrow.vector.DecimalVector vector, int row) {
    long at = (long) row * org.apache.arrow.vector.DecimalVector.TYPE_WIDTH;
    long low = vector.getDataBuffer().getLong(at);
    long high = vector.getDataBuffer().getLong(at + 8);
    return LITTLE_ENDIAN && high == low >> 63 ? low : Long.MIN_VALUE;
  }

  /** {@code u * factor} (a power of ten, Long.MIN_VALUE when too large to be a long). */
  public static long rescale(long u, long factor) {
    if (u == 0) {
      return 0;
    }
    return factor == Long.MIN_VALUE ? Long.MIN_VALUE : multiplyScaled(u, factor);
  }

  public static long multiplyScaled(long a, long b) {
    if (a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long low = a * b;
    return Math.multiplyHigh(a, b) == low >> 63 ? low : Long.MIN_VALUE;
  }

  public static long addScaled(long a, long b) {
    if (a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MIN_VALUE : sum;
  }

  public static long negateScaled(long a) {
    return a == Long.MIN_VALUE ? Long.MIN_VALUE : -a;
  }

  /** Long.compare, or Integer.MIN_VALUE when either value does not fit. */
  public static int compareScaled(long a, long b) {
    return a == Long.MIN_VALUE || b == Long.MIN_VALUE ? Integer.MIN_VALUE : Long.compare(a, b);
  }

  /**
   * {@link #fitDecimal} on an unscaled long: times {@code up} or divided by {@code down} (rounding
   * half up), and Long.MIN_VALUE when it does not fit or reaches {@code limit} (10^precision).
   */
  public static long fitScaled(long u, long up, long down, long limit) {
    if (u == Long.MIN_VALUE || down == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long r;
    if (down > 1) {
      long rest = Math.abs(u % down);
      r = u / down + (rest >= down - rest ? Long.signum(u) : 0);
    } else {
      r = rescale(u, up);
    }
    return r == Long.MIN_VALUE || r >= limit || r <= -limit ? Long.MIN_VALUE : r;
  }

  public static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot cast '" + s + "' to an integer");
    }
  }

  public static double parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot cast '" + s + "' to a number");
    }
  }

  public static BigDecimal parseDecimal(String s, int scale) {
    try {
      return new BigDecimal(s.trim()).setScale(scale, RoundingMode.HALF_UP);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot cast '" + s + "' to DECIMAL");
    }
  }

  public static boolean parseBoolean(String s) {
    String t = s.trim();
    if (t.equalsIgnoreCase("true")) {
      return true;
    }
    if (t.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("Cannot cast '" + s + "' to BOOLEAN");
  }

  // ---- time

  public static long parseTimestamp(String s) {
    return Temporal.parseTimestamp(s);
  }

  public static int parseDate(String s) {
    return Temporal.parseDate(s);
  }

  public static int parseTime(String s) {
    return Temporal.parseTime(s);
  }

  public static String timestampToText(long millis) {
    return Temporal.formatTimestamp(millis);
  }

  public static String dateToText(int days) {
    return Temporal.formatDate(days);
  }

  public static String timeToText(int millis) {
    return Temporal.formatTime(millis);
  }

  /** Flink's DATE_FORMAT with a Java date pattern (SimpleDateFormat letters). */
  public static String dateFormat(long millis, String pattern) {
    DateTimeFormatter f = cached(FORMAT_CACHE, pattern, p -> {
      try {
        return DateTimeFormatter.ofPattern(p, Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid date pattern '" + p + "': " + e.getMessage());
      }
    });
    return f.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
  }

  public static String dateFormat(String timestamp, String pattern) {
    return dateFormat(Temporal.parseTimestamp(timestamp), pattern);
  }

  /** EXTRACT(unit FROM timestamp-millis). */
  public static long extract(String unit, long millis) {
    // units within a day are arithmetic on the millis (UTC has no leap seconds in java.time either)
    switch (unit) {
      case "HOUR":
        return Math.floorMod(millis, 86_400_000L) / 3_600_000L;
      case "MINUTE":
        return Math.floorMod(millis, 3_600_000L) / 60_000L;
      case "SECOND":
        return Math.floorMod(millis, 60_000L) / 1000L;
      default:
        break;
    }
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    return switch (unit) {
      case "YEAR" -> t.getYear();
      case "QUARTER" -> (t.getMonthValue() - 1) / 3 + 1;
      case "MONTH" -> t.getMonthValue();
      case "WEEK" -> t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case "DAY" -> t.getDayOfMonth();
      case "DOW" -> t.getDayOfWeek().getValue() % 7 + 1;
      case "ISODOW" -> t.getDayOfWeek().getValue();
      case "DOY" -> t.getDayOfYear();
      case "HOUR" -> t.getHour();
      case "MINUTE" -> t.getMinute();
      case "SECOND" -> t.getSecond();
      case "MILLISECOND" -> t.getSecond() * 1000L + t.getNano() / 1_000_000;
      case "MICROSECOND" -> t.getSecond() * 1_000_000L + t.getNano() / 1_000;
      case "EPOCH" -> Math.floorDiv(millis, 1000);
      case "CENTURY" -> (t.getYear() + 99) / 100;
      case "DECADE" -> Math.floorDiv(t.getYear(), 10);
      case "MILLENNIUM" -> (t.getYear() + 999) / 1000;
      default -> throw new IllegalArgumentException("EXTRACT of " + unit + " is not supported");
    };
  }

  public static long extractFromDate(String unit, int days) {
    return extract(unit, days * 86_400_000L);
  }

  public static long extractFromTime(String unit, int millisOfDay) {
    return extract(unit, millisOfDay);
  }

  /** FLOOR/CEIL of a timestamp to a unit. */
  public static long floorTimestamp(String unit, long millis, boolean ceil) {
    long size = switch (unit) {
      case "SECOND" -> 1000L;
      case "MINUTE" -> 60_000L;
      case "HOUR" -> 3_600_000L;
      case "DAY" -> 86_400_000L;
      default -> -1;
    };
    if (size > 0) {
      long floor = Math.floorDiv(millis, size) * size;
      return ceil && floor != millis ? floor + size : floor;
    }
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    LocalDateTime f = switch (unit) {
      case "MONTH" -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
      case "YEAR" -> t.toLocalDate().withDayOfYear(1).atStartOfDay();
      default -> throw new IllegalArgumentException("FLOOR/CEIL to " + unit + " is not supported");
    };
    LocalDateTime r = ceil && !f.equals(t) ? (unit.equals("MONTH") ? f.plusMonths(1) : f.plusYears(1)) : f;
    return r.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /** Adds months to a timestamp (INTERVAL YEAR TO MONTH arithmetic). */
  public static long addMonths(long millis, long months) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).plusMonths(months)
        .toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
