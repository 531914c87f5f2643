package dev.weir.engine.operator.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.aggregate.HashAggregateOperator;
import dev.weir.engine.operator.calc.CalcProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The join operator driven batch by batch, with exact changes checked where order matters (a
 * padded row retracted when its partner comes) and, for time-bounded joins, random interleavings
 * of both inputs and their watermarks checked against a nested-loop join of everything.
 */
class JoinOperatorTest {
  private static final Schema SIDE = TableSchema.arrowSchema(List.of(
      Column.physical("k", DataType.of(DataType.Kind.BIGINT)),
      Column.physical("t", DataType.of(DataType.Kind.TIMESTAMP))));
  private static final Schema CHANGELOG_SIDE = TableSchema.arrowSchema(List.of(
      Column.physical("k", DataType.of(DataType.Kind.BIGINT)),
      Column.physical("t", DataType.of(DataType.Kind.TIMESTAMP)), RowKind.column()));
  private static final Schema JOINED = TableSchema.arrowSchema(List.of(
      Column.physical("lk", DataType.of(DataType.Kind.BIGINT)),
      Column.physical("lt", DataType.of(DataType.Kind.TIMESTAMP)),
      Column.physical("rk", DataType.of(DataType.Kind.BIGINT)),
      Column.physical("rt", DataType.of(DataType.Kind.TIMESTAMP))));

  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, Long> metrics = new HashMap<>();
  /** Emitted rows as "kind lk lt rk rt" (kind +I for an append-only output). */
  private final List<String> changes = new ArrayList<>();
  private long emittedWatermark = Long.MIN_VALUE;
  private final List<String> lateOutputs = new ArrayList<>();

  @AfterEach
  void close() {
    allocator.close();
  }

  private final Output out = new Output() {
    @Override
    public void emit(VectorSchemaRoot batch) {
      try (batch) {
        boolean changelog = batch.getFieldVectors().size() > 4;
        for (int r = 0; r < batch.getRowCount(); r++) {
          String kind = changelog ? RowKind.of(((TinyIntVector) batch.getVector(4)).get(r)).shortString() : "+I";
          changes.add(kind + " " + Values.get(batch.getVector(0), r) + " " + Values.get(batch.getVector(1), r)
              + " " + Values.get(batch.getVector(2), r) + " " + Values.get(batch.getVector(3), r));
          for (int c : new int[] {1, 3}) {
            Object t = Values.get(batch.getVector(c), r);
            if (t != null && (Long) t <= emittedWatermark) {
              lateOutputs.add(changes.get(changes.size() - 1) + " after watermark " + emittedWatermark);
            }
          }
        }
      }
    }

    @Override
    public void emitWatermark(long timestamp) {
      assertTrue(timestamp > emittedWatermark, "watermarks only advance");
      emittedWatermark = timestamp;
    }

    @Override
    public void endOfInput() {}
  };

  private JoinOperator open(JoinSpec spec) {
    JoinOperator op = new JoinOperator(spec, () -> 0L);
    op.open(new OperatorContext("join", allocator, 0, 1, (name, delta) -> metrics.merge(name, delta, Long::sum)));
    return op;
  }

  /** Rows of (k, t), with a row kind each when {@code kinds} is given. */
  private VectorSchemaRoot batch(long[][] rows, RowKind... kinds) {
    VectorSchemaRoot root = VectorSchemaRoot.create(kinds.length > 0 ? CHANGELOG_SIDE : SIDE, allocator);
    root.allocateNew();
    for (int i = 0; i < rows.length; i++) {
      ((BigIntVector) root.getVector(0)).setSafe(i, rows[i][0]);
      ((TimeStampVector) root.getVector(1)).setSafe(i, rows[i][1]);
      if (kinds.length > 0) {
        ((TinyIntVector) root.getVector(2)).setSafe(i, kinds[i].code());
      }
    }
    root.setRowCount(rows.length);
    return root;
  }

  private static JoinSpec.Side regular(boolean preserved, boolean changelog) {
    return new JoinSpec.Side(SIDE, new int[] {0}, changelog ? 2 : -1, preserved, -1, 0);
  }

  @Test
  void anOuterSidesRowIsEmittedPaddedThenRetractedWhenItsFirstPartnerArrives() throws Exception {
    JoinSpec spec = new JoinSpec(regular(true, false), regular(false, false), null, JOINED, true, false, false, 0, 0);
    try (JoinOperator op = open(spec)) {
      op.processBatch(0, batch(new long[][] {{1, 10}, {2, 20}}), out);
      op.processBatch(1, batch(new long[][] {{1, 100}}), out);
      op.processBatch(1, batch(new long[][] {{1, 200}, {3, 300}}), out);
    }
    assertEquals(List.of(
        "+I 1 10 null null", "+I 2 20 null null",
        "-D 1 10 null null", "+I 1 10 1 100",
        "+I 1 10 1 200"), changes);
  }

  @Test
  void aRetractionTakesBackItsJoinedRowsAndRestoresThePaddedRow() throws Exception {
    JoinSpec spec = new JoinSpec(regular(true, false), regular(false, true), null, JOINED, true, false, false, 0, 0);
    try (JoinOperator op = open(spec)) {
      op.processBatch(0, batch(new long[][] {{1, 10}}), out);
      op.processBatch(1, batch(new long[][] {{1, 100}, {1, 200}}, RowKind.INSERT, RowKind.INSERT), out);
      changes.clear();
      op.processBatch(1, batch(new long[][] {{1, 100}, {1, 999}, {1, 200}},
          RowKind.UPDATE_BEFORE, RowKind.DELETE, RowKind.DELETE), out);
    }
    // the retraction of a row never seen (999) changes nothing
    assertEquals(List.of("-D 1 10 1 100", "-D 1 10 1 200", "+I 1 10 null null"), changes);
  }

  @Test
  void onceASideHasEndedTheOtherSidesRowsAreJoinedButNotKept() throws Exception {
    JoinSpec spec = new JoinSpec(regular(true, false), regular(false, false), null, JOINED, true, false, false, 0, 0);
    try (JoinOperator op = open(spec)) {
      op.processBatch(1, batch(new long[][] {{1, 100}, {2, 200}}), out); // the table
      op.processBatch(0, batch(new long[][] {{1, 10}}), out);
      op.onInputEnded(1, out);
      op.processBatch(0, batch(new long[][] {{2, 20}, {3, 30}}), out);
      assertEquals(0, op.keptRows(0), "no left row is kept once the right input has ended");
      assertEquals(2, op.keptRows(1), "the right rows are, for the left rows still to come");
    }
    assertEquals(List.of("+I 1 10 1 100", "+I 2 20 2 200", "+I 3 30 null null"), changes);
  }

  @Test
  void nullKeysMeetNothing() throws Exception {
    JoinSpec spec = new JoinSpec(regular(false, false), regular(false, false), null, JOINED, false, false, false, 0, 0);
    try (JoinOperator op = open(spec)) {
      VectorSchemaRoot left = batch(new long[][] {{1, 10}, {1, 11}});
      left.getVector(0).setNull(1);
      op.processBatch(0, left, out);
      VectorSchemaRoot right = batch(new long[][] {{1, 100}, {1, 101}});
      right.getVector(0).setNull(0);
      op.processBatch(1, right, out);
    }
    assertEquals(List.of("+I 1 10 1 101"), changes);
  }

  @Test
  void theStateTtlForgetsRowsOfARegularJoin() throws Exception {
    long[] now = {0};
    JoinSpec spec = new JoinSpec(regular(false, false), regular(false, false), null, JOINED, false, false, false, 0,
        1000);
    JoinOperator op = new JoinOperator(spec, () -> now[0]);
    op.open(new OperatorContext("join", allocator, 0, 1, (name, delta) -> metrics.merge(name, delta, Long::sum)));
    try (op) {
      op.processBatch(0, batch(new long[][] {{1, 10}}), out);
      now[0] = 500;
      op.processBatch(0, batch(new long[][] {{2, 20}}), out);
      now[0] = 1200;
      op.processBatch(1, batch(new long[][] {{1, 100}, {2, 200}}), out);
    }
    assertEquals(List.of("+I 2 20 2 200"), changes, "the row of key 1 was forgotten");
    assertEquals(1L, metrics.get(JoinOperator.EXPIRED_ROWS));
  }

  @Test
  void aWindowJoinDropsRowsOfClosedWindowsAndEmitsUnmatchedOnesAtTheWindowsEnd() throws Exception {
    // column 1 is the window's end: a row may meet partners until the watermark reaches end - 1
    JoinSpec.Side left = new JoinSpec.Side(SIDE, new int[] {0, 1}, -1, true, 1, -1);
    JoinSpec.Side right = new JoinSpec.Side(SIDE, new int[] {0, 1}, -1, false, 1, -1);
    JoinSpec spec = new JoinSpec(left, right, null, JOINED, false, true, true, 0, 0);
    try (JoinOperator op = open(spec)) {
      op.processBatch(0, batch(new long[][] {{1, 1000}, {2, 1000}, {1, 2000}}), out);
      op.processBatch(1, batch(new long[][] {{1, 1000}}), out);
      assertEquals(List.of("+I 1 1000 1 1000"), changes);
      op.onWatermark(999, out); // window 1000 closes: key 2 had no partner
      assertEquals(List.of("+I 1 1000 1 1000", "+I 2 1000 null null"), changes);
      op.processBatch(1, batch(new long[][] {{2, 1000}, {1, 2000}}), out); // late for window 1000
      op.onEndOfInput(out);
    }
    assertEquals(List.of("+I 1 1000 1 1000", "+I 2 1000 null null", "+I 1 2000 1 2000"), changes);
    assertEquals(1L, metrics.get(HashAggregateOperator.LATE_ROWS));
    assertTrue(lateOutputs.isEmpty(), lateOutputs.toString());
  }

  /** {@code lower <= lt - rt <= upper} over joined rows, as the SQL layer would compile it. */
  private static CalcProgram interval(long lower, long upper) {
    return (input, alloc) -> {
      BitVector pass = new BitVector("pass", alloc);
      pass.allocateNew(input.getRowCount());
      TimeStampVector lt = (TimeStampVector) input.getVector(1);
      TimeStampVector rt = (TimeStampVector) input.getVector(3);
      for (int i = 0; i < input.getRowCount(); i++) {
        long d = lt.get(i) - rt.get(i);
        pass.set(i, d >= lower && d <= upper ? 1 : 0);
      }
      pass.setValueCount(input.getRowCount());
      return new VectorSchemaRoot(List.of(pass));
    };
  }

  @Test
  void intervalJoinsOverRandomInterleavingsMissNoPartnerAndEmitNothingLate() throws Exception {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      long lower = -random.nextInt(50);
      long upper = random.nextInt(50) - 10;
      if (upper < lower) {
        upper = lower;
      }
      boolean preserveLeft = random.nextBoolean();
      boolean preserveRight = random.nextBoolean();
      List<long[]> lefts = new ArrayList<>();
      List<long[]> rights = new ArrayList<>();
      long[] times = {0, 0};
      // each side in time order, the two interleaved at random in batches of up to 4 rows
      JoinSpec.Side l = new JoinSpec.Side(SIDE, new int[] {0}, -1, preserveLeft, 1, -lower);
      JoinSpec.Side r = new JoinSpec.Side(SIDE, new int[] {0}, -1, preserveRight, 1, upper);
      long lo = lower;
      long hi = upper;
      JoinSpec spec = new JoinSpec(l, r, () -> interval(lo, hi), JOINED, false, true, false,
          Math.max(0, Math.max(-lower, upper)), 0);
      changes.clear();
      lateOutputs.clear();
      emittedWatermark = Long.MIN_VALUE;
      try (JoinOperator op = open(spec)) {
        for (int step = 0; step < 60; step++) {
          int side = random.nextInt(2);
          int n = 1 + random.nextInt(4);
          long[][] rows = new long[n][];
          for (int i = 0; i < n; i++) {
            times[side] += random.nextInt(8);
            rows[i] = new long[] {random.nextInt(3), times[side]};
            (side == 0 ? lefts : rights).add(rows[i]);
          }
          op.processBatch(side, batch(rows), out);
          op.onWatermark(Math.min(times[0], times[1]) - 1, out); // both inputs' watermark: the slower one's
        }
        op.onWatermark(Long.MAX_VALUE, out);
        op.onEndOfInput(out);
      }
      List<String> expected = new ArrayList<>();
      boolean[] rightMatched = new boolean[rights.size()];
      for (long[] a : lefts) {
        boolean matched = false;
        for (int j = 0; j < rights.size(); j++) {
          long[] b = rights.get(j);
          if (a[0] == b[0] && a[1] - b[1] >= lower && a[1] - b[1] <= upper) {
            expected.add("+I " + a[0] + " " + a[1] + " " + b[0] + " " + b[1]);
            matched = true;
            rightMatched[j] = true;
          }
        }
        if (!matched && preserveLeft) {
          expected.add("+I " + a[0] + " " + a[1] + " null null");
        }
      }
      for (int j = 0; j < rights.size(); j++) {
        if (!rightMatched[j] && preserveRight) {
          expected.add("+I null null " + rights.get(j)[0] + " " + rights.get(j)[1]);
        }
      }
      expected.sort(null);
      List<String> actual = new ArrayList<>(changes);
      actual.sort(null);
      assertEquals(expected, actual, "round " + round + ": [" + lower + ", " + upper + "] outer " + preserveLeft
          + "/" + preserveRight);
      assertTrue(lateOutputs.isEmpty(), "round " + round + ": " + lateOutputs);
    }
  }
}
