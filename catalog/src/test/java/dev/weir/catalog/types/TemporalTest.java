package dev.weir.catalog.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalTest {
  @Test
  void fastTimestampParsingAgreesWithJavaTime() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long millis = random.nextLong(-5_000_000_000_000L, 10_000_000_000_000L);
      LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000,
          ZoneOffset.UTC);
      if (t.getYear() < 1000) {
        continue;
      }
      String sql = Temporal.formatTimestamp(millis);
      assertEquals(millis, Temporal.parseTimestamp(sql), sql);
      assertEquals(millis, Temporal.parseTimestamp(sql.replace(' ', 'T') + "Z"), sql);
    }
    assertEquals(Temporal.parseTimestamp("2015-07-15 00:00:01.100"), Temporal.parseTimestamp("2015-07-15 00:00:01.1"));
    assertEquals(Temporal.parseTimestamp("2015-07-15 00:00:01.123"), Temporal.parseTimestamp("2015-07-15 00:00:01.123456"));
    // shapes the fast path leaves to java.time
    assertEquals(1436918401000L + 7_200_000L, Temporal.parseTimestamp("2015-07-15T00:00:01-02:00"));
    assertEquals(1436918400000L, Temporal.parseTimestamp("2015-07-15"));
  }

  @Test
  void invalidTimestampsAreRefusedWithTheExpectedForms() {
    for (String bad : new String[] {"2015-02-30 00:00:00", "2015-13-01 00:00:00", "2015-07-15 25:00:00", "soon"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Temporal.parseTimestamp(bad));
      assertEquals("'" + bad + "' is not a timestamp (expected e.g. '2015-07-15 00:00:01.123' or"
          + " '2015-07-15T00:00:01.123Z')", e.getMessage());
    }
  }
}
