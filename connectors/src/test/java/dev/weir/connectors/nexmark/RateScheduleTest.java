package dev.weir.connectors.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event times at one rate, and moving between two rates as {@code next-event.rate} and {@code rate.shape} say. */
class RateScheduleTest {

  private static NexmarkConfig config(Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(Map.of("connector", "nexmark", "table", "bid"));
    options.putAll(extra);
    TableSpec spec = TableValidator.validate("t", TableSchema.of(List.of(Column.physical("price", DataType.bigint()))),
        options, ConnectorRegistry.load());
    return NexmarkConnectorFactory.config(spec.options());
  }

  @Test
  void aSteadyRateSpacesEventsEvenly() {
    RateSchedule steady = RateSchedule.steady(10_000);
    assertEquals(0, steady.offsetMicros(0));
    assertEquals(100 * 12_345.0, steady.offsetMicros(12_345));
    NexmarkConfig c = config(Map.of("first-event.rate", "10000", "next-event.rate", "10000"));
    assertTrue(c.schedule().isSteady(), "equal rates are one steady rate");
    assertEquals(NexmarkConfig.BASE_TIME + 1234, c.timestamp(12_345));
  }

  @Test
  void aSquareShapeHoldsEachRateForHalfThePeriod() {
    // 1000 events/s for the first second, 100/s for the next, again and again
    NexmarkConfig c = config(Map.of("first-event.rate", "1000", "next-event.rate", "100", "rate.period", "2 s"));
    long base = NexmarkConfig.BASE_TIME;
    assertEquals(base, c.timestamp(0));
    assertEquals(base + 999, c.timestamp(999));
    assertEquals(base + 1000, c.timestamp(1000)); // the slow half starts
    assertEquals(base + 1010, c.timestamp(1001));
    assertEquals(base + 1990, c.timestamp(1099));
    assertEquals(base + 2000, c.timestamp(1100)); // the next period, fast again
    assertEquals(base + 2001, c.timestamp(1101));
    assertEquals(base + 10 * 2000 + 1500, c.timestamp(10 * 1100 + 1050));
  }

  @Test
  void aSineShapeMovesThroughRatesBetweenTheTwo() {
    RateSchedule sine = RateSchedule.of(1000, 100, RateShape.SINE, Duration.ofSeconds(10));
    double smallest = Double.MAX_VALUE;
    double largest = 0;
    for (long n = 1; n < 20_000; n++) {
      double gap = sine.offsetMicros(n) - sine.offsetMicros(n - 1);
      assertTrue(gap > 0, "event times rise");
      smallest = Math.min(smallest, gap);
      largest = Math.max(largest, gap);
    }
    assertEquals(1000.0, smallest, 1e-6, "the fastest step is first-event.rate");
    assertTrue(largest > 5000 && largest <= 10_000 + 1e-6, "the slowest step nears next-event.rate: " + largest);
  }

  @Test
  void aPacedReaderFindsTheLastEventDueAtAnyTime() {
    for (RateSchedule s : List.of(RateSchedule.steady(777), RateSchedule.of(1000, 100, RateShape.SQUARE,
        Duration.ofSeconds(2)), RateSchedule.of(300, 5000, RateShape.SINE, Duration.ofSeconds(3)))) {
      for (long n = 0; n < 30_000; n += 7) {
        double at = s.offsetMicros(n);
        assertEquals(n, s.lastEventBy(at), "event " + n + " is due at its own time");
        double before = s.offsetMicros(n + 1) - 0.001;
        assertEquals(n, s.lastEventBy(before), "and the next one not before its time");
      }
    }
  }

  @Test
  void badRatesAreRefused() {
    assertEquals("Invalid value for option 'next-event.rate' of connector 'nexmark': must not be negative.",
        assertThrows(ValidationException.class, () -> config(Map.of("next-event.rate", "-5"))).getMessage());
    assertEquals("Invalid value 'triangle' for option 'rate.shape' of connector 'nexmark': allowed values are"
        + " 'square', 'sine'.",
        assertThrows(ValidationException.class, () -> config(Map.of("rate.shape", "triangle"))).getMessage());
  }
}
