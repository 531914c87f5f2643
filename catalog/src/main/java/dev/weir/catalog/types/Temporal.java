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
      .toFormatter();

  private static final DateTimeFormatter SQL_TIMESTAMP_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  private static final DateTimeFormatter ISO_TIMESTAMP_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  /** Parses a timestamp written in SQL form, ISO-8601 ({@code T}, optional zone), or a bare date. */
  public static long parseTimestamp(String text) {
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

  public static String formatTime(int millisOfDay) {
    LocalTime t = LocalTime.ofNanoOfDay(millisOfDay * 1_000_000L);
    return t.getNano() == 0 ? DateTimeFormatter.ofPattern("HH:mm:ss").format(t)
        : DateTimeFormatter.ofPattern("HH:mm:ss.SSS").format(t);
  }
}
