package dev.weir.engine.operator.aggregate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** The running state of one aggregate call for one group. Values are plain Java objects (Long, Double, BigDecimal, String, ...). */
final class Accumulator {
  private final AggregateSpec spec;
  private long count;
  private Object value;

  Accumulator(AggregateSpec spec) {
    this.spec = spec;
  }

  /** Adds one input value (null for a NULL input; ignored except by COUNT(*)). */
  void add(Object input) {
    if (spec.argument() < 0) {
      count++;
      return;
    }
    if (input == null) {
      return;
    }
    count++;
    switch (spec.function()) {
      case COUNT -> { }
      case SUM, SUM0, AVG -> value = value == null ? input : plus(value, input);
      case MIN -> value = value == null || compare(input, value) < 0 ? input : value;
      case MAX -> value = value == null || compare(input, value) > 0 ? input : value;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return java.util.Arrays.compareUnsigned(x, y);
    }
    return ((Comparable) a).compareTo(b);
  }

  private static Object plus(Object a, Object b) {
    if (a instanceof BigDecimal x) {
      return x.add(b instanceof BigDecimal y ? y : new BigDecimal(b.toString()));
    }
    if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
      return ((Number) a).doubleValue() + ((Number) b).doubleValue();
    }
    return ((Number) a).longValue() + ((Number) b).longValue();
  }

  /** The aggregate's value: COUNT is never NULL; the others are NULL over no (non-NULL) input. */
  Object result() {
    return switch (spec.function()) {
      case COUNT -> count;
      case SUM, MIN, MAX -> value;
      case SUM0 -> value != null ? value : spec.decimalScale() >= 0 ? BigDecimal.ZERO
          : spec.integerResult() ? (Object) 0L : (Object) 0.0;
      case AVG -> {
        if (value == null) {
          yield null;
        }
        if (value instanceof BigDecimal d) {
          int scale = Math.max(spec.decimalScale(), 0);
          yield d.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).setScale(scale, RoundingMode.HALF_UP);
        }
        if (spec.integerResult()) {
          yield ((Number) value).longValue() / count; // Flink: AVG of integers is an integer
        }
        yield ((Number) value).doubleValue() / count;
      }
    };
  }
}
