package dev.weir.sql.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scaled-long DECIMAL helpers give BigDecimal's results, or say they cannot (Long.MIN_VALUE). */
class ScaledDecimalTest {
  private static long randomUnscaled(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> r.nextLong();
      case 1 -> r.nextInt(2001) - 1000;
      case 2 -> r.nextLong() >> r.nextInt(64);
      default -> (r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE + 1) - r.nextInt(3) * (r.nextBoolean() ? 1 : -1);
    };
  }

  private static void assertSame(BigInteger exact, long scaled) {
    if (scaled == Long.MIN_VALUE) {
      assertTrue(exact.bitLength() >= 63, "gave up on " + exact + ", which fits");
    } else {
      assertEquals(exact, BigInteger.valueOf(scaled));
    }
  }

  @Test
  void arithmeticMatchesBigInteger() {
    Random r = new Random(5);
    for (int i = 0; i < 200_000; i++) {
      long a = randomUnscaled(r);
      long b = randomUnscaled(r);
      BigInteger x = BigInteger.valueOf(a);
      BigInteger y = BigInteger.valueOf(b);
      if (a != Long.MIN_VALUE && b != Long.MIN_VALUE) {
        assertSame(x.multiply(y), SqlRuntime.multiplyScaled(a, b));
        assertSame(x.add(y), SqlRuntime.addScaled(a, b));
        assertSame(x.subtract(y), SqlRuntime.addScaled(a, SqlRuntime.negateScaled(b)));
        assertEquals(Long.compare(a, b), SqlRuntime.compareScaled(a, b));
        int digits = r.nextInt(21);
        long factor = digits > 18 ? Long.MIN_VALUE : BigInteger.TEN.pow(digits).longValueExact();
        assertSame(x.multiply(BigInteger.TEN.pow(digits)), SqlRuntime.rescale(a, factor));
      }
      assertEquals(Long.MIN_VALUE, SqlRuntime.multiplyScaled(Long.MIN_VALUE, b));
      assertEquals(Integer.MIN_VALUE, SqlRuntime.compareScaled(a, Long.MIN_VALUE));
    }
  }

  /** fitScaled rounds and checks the precision as fitDecimal does. */
  @Test
  void fittingMatchesFitDecimal() {
    Random r = new Random(6);
    for (int i = 0; i < 200_000; i++) {
      long u = randomUnscaled(r);
      if (u == Long.MIN_VALUE) {
        continue;
      }
      int from = r.nextInt(8);
      int to = r.nextInt(8);
      int precision = 1 + r.nextInt(22);
      long up = to > from && to - from <= 18 ? BigInteger.TEN.pow(to - from).longValueExact() : 1L;
      long down = from > to ? BigInteger.TEN.pow(from - to).longValueExact() : 1L;
      long limit = precision > 18 ? Long.MAX_VALUE : BigInteger.TEN.pow(precision).longValueExact();
      long got = SqlRuntime.fitScaled(u, up, down, limit);
      BigDecimal value = BigDecimal.valueOf(u, from);
      if (got != Long.MIN_VALUE) {
        assertEquals(SqlRuntime.fitDecimal(value, precision, to), BigDecimal.valueOf(got, to), value + " to " + to);
      } else {
        BigDecimal scaled = value.setScale(to, java.math.RoundingMode.HALF_UP);
        if (scaled.precision() > precision) {
          assertThrows(ArithmeticException.class, () -> SqlRuntime.fitDecimal(value, precision, to));
        } else {
          assertTrue(scaled.unscaledValue().bitLength() >= 63, "gave up on " + value + " to " + to);
        }
      }
    }
  }

  @Test
  void hoursMinutesAndSecondsMatchJavaTime() {
    Random r = new Random(8);
    for (int i = 0; i < 100_000; i++) {
      long millis = r.nextLong() % 100_000_000_000_000L;
      LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
      assertEquals(t.getHour(), SqlRuntime.extract("HOUR", millis));
      assertEquals(t.getMinute(), SqlRuntime.extract("MINUTE", millis));
      assertEquals(t.getSecond(), SqlRuntime.extract("SECOND", millis));
    }
  }
}
