package dev.weir.engine.operator.aggregate;

import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running state of one aggregate call for one group. Values are plain Java objects (Long,
 * Double, BigDecimal, String, ByteBuffer for bytes, ...). An accumulator that may see retractions
 * (an updating aggregate over a changelog) keeps what it needs to undo an input: a count of each
 * value for MIN and MAX, and for DISTINCT a count of each distinct value.
 */
final class Accumulator {
  private final AggregateSpec spec;
  private final boolean retractable;
  private long count;
  private Object value;
  /** MIN and MAX under retraction: how many times each value is in the group. */
  private TreeMap<Object, Long> values;
  /** DISTINCT under retraction: how many times each distinct value is in the group. */
  private Map<Object, Long> distinct;
  /**
   * DISTINCT without retraction: each value seen by the group's DISTINCT aggregates of the same
   * argument, with a bit per aggregate that has counted it. {@code COUNT(DISTINCT x)} and its
   * FILTERed variants share one map (Flink's MapView with a bitmask), not a set each.
   */
  private final Map<Object, Long> seen;
  private final long bit;

  private Accumulator(AggregateSpec spec, boolean retractable, Map<Object, Long> seen, long bit) {
    this.spec = spec;
    this.retractable = retractable;
    this.seen = seen;
    this.bit = bit;
  }

  /** The accumulators of one group, one per aggregate call; retractable ones can take inputs back. */
  static Accumulator[] forGroup(List<AggregateSpec> specs, boolean retractable) {
    Accumulator[] accumulators = new Accumulator[specs.size()];
    Map<Integer, Map<Object, Long>> sharedByArgument = new HashMap<>();
    Map<Integer, Integer> bitsByArgument = new HashMap<>();
    for (int j = 0; j < accumulators.length; j++) {
      AggregateSpec spec = specs.get(j);
      Map<Object, Long> seen = null;
      long bit = 0;
      if (spec.distinct() && !retractable) {
        int b = bitsByArgument.merge(spec.argument(), 1, Integer::sum) - 1;
        if (b < Long.SIZE) {
          seen = sharedByArgument.computeIfAbsent(spec.argument(), a -> new HashMap<>());
          bit = 1L << b;
        } else {
          seen = new HashMap<>(); // more than 64 variants of one argument: a map of its own
          bit = 1;
        }
      }
      accumulators[j] = new Accumulator(spec, retractable, seen, bit);
    }
    return accumulators;
  }

  /**
   * Writes a group's accumulators for a checkpoint. A DISTINCT map shared by several of them is
   * written once, by the first, as {@link #forGroup} shares it again on restore.
   */
  static void write(Accumulator[] group, StateWriter out) throws IOException {
    for (int j = 0; j < group.length; j++) {
      Accumulator a = group[j];
      out.writeLong(a.count);
      out.writeValue(a.value);
      writeCounts(a.values, out);
      writeCounts(a.distinct, out);
      boolean sharedWithEarlier = false;
      for (int k = 0; k < j && a.seen != null; k++) {
        sharedWithEarlier |= group[k].seen == a.seen;
      }
      writeCounts(sharedWithEarlier ? null : a.seen, out);
    }
  }

  /** A group's accumulators as {@link #write} wrote them. */
  static Accumulator[] read(List<AggregateSpec> specs, boolean retractable, StateReader in) throws IOException {
    Accumulator[] group = forGroup(specs, retractable);
    for (Accumulator a : group) {
      a.count = in.readLong();
      a.value = in.readValue();
      if (in.readBoolean()) {
        a.values = new TreeMap<>(Accumulator::compare);
        in.readCounts(a.values);
      }
      if (in.readBoolean()) {
        a.distinct = new HashMap<>();
        in.readCounts(a.distinct);
      }
      if (in.readBoolean()) {
        in.readCounts(a.seen);
      }
    }
    return group;
  }

  private static void writeCounts(Map<Object, Long> counts, StateWriter out) throws IOException {
    out.writeBoolean(counts != null);
    if (counts != null) {
      out.writeCounts(counts);
    }
  }

  /**
   * One representation per value, so that equal values compare equal: whole numbers as Long,
   * floating point as Double (exactly as BigDecimal where sums are retracted, so that taking
   * values back leaves no rounding behind), bytes as ByteBuffer.
   */
  private Object normalize(Object input) {
    if (input instanceof Integer || input instanceof Short || input instanceof Byte) {
      return ((Number) input).longValue();
    }
    if (input instanceof Float || input instanceof Double) {
      double d = ((Number) input).doubleValue();
      boolean exactSum = retractable && Double.isFinite(d) && (spec.function() == AggregateSpec.Function.SUM
          || spec.function() == AggregateSpec.Function.SUM0 || spec.function() == AggregateSpec.Function.AVG);
      return exactSum ? (Object) new BigDecimal(d) : (Object) d;
    }
    return input instanceof byte[] b ? ByteBuffer.wrap(b) : input;
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
    Object v = normalize(input);
    if (spec.distinct()) {
      if (!retractable) {
        long mask = seen.getOrDefault(v, 0L);
        if ((mask & bit) != 0) {
          return; // already counted once
        }
        seen.put(v, mask | bit);
      } else {
        if (distinct == null) {
          distinct = new HashMap<>();
        }
        if (distinct.merge(v, 1L, Long::sum) > 1) {
          return; // already counted once
        }
      }
    }
    count++;
    switch (spec.function()) {
      case COUNT -> { }
      case SUM, SUM0, AVG -> value = value == null ? v : plus(value, v, false);
      case MIN, MAX -> {
        if (retractable) {
          if (values == null) {
            values = new TreeMap<>(Accumulator::compare);
          }
          values.merge(v, 1L, Long::sum);
        } else if (value == null || (spec.function() == AggregateSpec.Function.MIN ? compare(v, value) < 0
            : compare(v, value) > 0)) {
          value = v;
        }
      }
    }
  }

  /**
   * Takes back one input value added before (a retraction: -U or -D). A retraction of more than
   * was added (a repeated change event) is ignored rather than driving the state below empty.
   */
  void retract(Object input) {
    if (count == 0) {
      return;
    }
    if (spec.argument() < 0) {
      count--;
      return;
    }
    if (input == null) {
      return;
    }
    Object v = normalize(input);
    if (spec.distinct()) {
      Long n = distinct == null ? null : distinct.get(v);
      if (n == null) {
        return; // retracting what was never added: nothing to undo
      }
      if (n > 1) {
        distinct.put(v, n - 1);
        return; // the value is still in the group
      }
      distinct.remove(v);
    }
    count--;
    switch (spec.function()) {
      case COUNT -> { }
      case SUM, SUM0, AVG -> value = count == 0 ? null : plus(value, v, true);
      case MIN, MAX -> {
        Long n = values == null ? null : values.get(v);
        if (n != null) {
          if (n > 1) {
            values.put(v, n - 1);
          } else {
            values.remove(v);
          }
        }
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof ByteBuffer x && b instanceof ByteBuffer y) {
      return Arrays.compareUnsigned(x.array(), y.array()); // SQL orders bytes unsigned
    }
    return ((Comparable) a).compareTo(b);
  }

  private static Object plus(Object a, Object b, boolean minus) {
    if (a instanceof BigDecimal x) {
      BigDecimal y = b instanceof BigDecimal d ? d : new BigDecimal(b.toString());
      return minus ? x.subtract(y) : x.add(y);
    }
    if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
      double y = ((Number) b).doubleValue();
      return ((Number) a).doubleValue() + (minus ? -y : y);
    }
    long y = ((Number) b).longValue();
    return ((Number) a).longValue() + (minus ? -y : y);
  }

  /** The aggregate's value: COUNT is never NULL; the others are NULL over no (non-NULL) input. */
  Object result() {
    Object r = switch (spec.function()) {
      case COUNT -> count;
      case SUM -> count == 0 ? null : value;
      case MIN -> retractable ? (values == null || values.isEmpty() ? null : values.firstKey()) : value;
      case MAX -> retractable ? (values == null || values.isEmpty() ? null : values.lastKey()) : value;
      case SUM0 -> count > 0 && value != null ? value : spec.decimalScale() >= 0 ? BigDecimal.ZERO
          : spec.integerResult() ? (Object) 0L : (Object) 0.0;
      case AVG -> {
        if (value == null || count == 0) {
          yield null;
        }
        if (value instanceof BigDecimal d && spec.decimalScale() < 0 && !spec.integerResult()) {
          yield d.doubleValue() / count;
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
    if (r instanceof BigDecimal d && spec.decimalScale() < 0 && !spec.integerResult()) {
      return d.doubleValue(); // an exact sum of doubles, back to the DOUBLE the query asked for
    }
    return r instanceof ByteBuffer b ? b.array() : r;
  }
}
