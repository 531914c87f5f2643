package dev.weir.catalog.types;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * The one place that turns dates, times and timestamps into text and back. Timestamps are epoch
 * milliseconds without a zone (read as UTC); dates are epoch days; times are milliseconds of the day.
 */
public final class Temporal {
  private Temporal() {}

  /** {@code 2015-07-15 00:00:01.123}: SQL's form, Flink's {@code 'SQL'} standard. */
  public static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ')
      .appendPattern("HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter().withResolverStyle(java.time.format.ResolverStyle.STRICT);

  private static final DateTimeFormatter SQL_TIMESTAMP_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  private static final DateTimeFormatter ISO_TIMESTAMP_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  /** Parses a timestamp written in SQL form, ISO-8601 ({@code T}, optional zone), or a bare date. */
  public static long parseTimestamp(String text) {
    long fast = parseTimestampFast(text);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    String t = text.trim();
    try {
      if (t.indexOf('T') > 0) {
        char last = t.charAt(t.length() - 1);
        if (last == 'Z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10) {
          return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        }
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      return LocalDateTime.parse(t, SQL_TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a timestamp (expected e.g. '2015-07-15 00:00:01.123'"
          + " or '2015-07-15T00:00:01.123Z')");
    }
  }

  /**
   * The common shapes without java.time's general parser (which allocates a map per value):
   * {@code yyyy-MM-dd HH:mm:ss[.f{1,9}]} or with {@code T}, optionally ending in {@code Z}.
   * Returns {@code Long.MIN_VALUE} for anything else, to be parsed the slow way.
   */
  static long parseTimestampFast(String s) {
    int n = s.length();
    if (n < 19 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
        || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return Long.MIN_VALUE;
    }
    int end = n;
    if (s.charAt(end - 1) == 'Z') {
      end--;
    }
    int millis = 0;
    if (end > 19) {
      if (s.charAt(19) != '.' || end == 20) {
        return Long.MIN_VALUE;
      }
      int scale = 100;
      for (int i = 20; i < end; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) {
          return Long.MIN_VALUE;
        }
        millis += d * scale;
        scale /= 10;
      }
    }
    if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return Long.MIN_VALUE; // let java.time say what is wrong
    }
    return (epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second) * 1000L + millis;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  public static String formatTimestamp(long epochMillis) {
    return SQL_TIMESTAMP_MILLIS.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
  }

  public static String formatTimestampIso(long epochMillis) {
    return ISO_TIMESTAMP_MILLIS.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
  }

  public static int parseDate(String text) {
    try {
      return (int) LocalDate.parse(text.trim()).toEpochDay();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a date (expected e.g. '2015-07-15')");
    }
  }

  public static String formatDate(int epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  public static int parseTime(String text) {
    try {
      return (int) (LocalTime.parse(text.trim()).toNanoOfDay() / 1_000_000L);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time (expected e.g. '12:30:00')");
    }
  }

  private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter TIME_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  public static String formatTime(int millisOfDay) {
    LocalTime t = LocalTime.ofNanoOfDay(millisOfDay * 1_000_000L);
    return (t.getNano() == 0 ? TIME_SECONDS : TIME_MILLIS).format(t);
  }
}
