package dev.weir.engine.operator.aggregate;

import dev.weir.engine.batch.Batches;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.sort.LongMergeSort;
import dev.weir.engine.state.KeyIndex;
import dev.weir.engine.state.RowArena;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Aggregates {@code OVER (PARTITION BY .. ORDER BY ts ROWS|RANGE BETWEEN .. PRECEDING AND CURRENT
 * ROW)} ordered by event time, as Flink does: each row is emitted once, with its columns and the
 * aggregates over its frame, when the watermark shows that no earlier row can still come. Rows wait
 * in Arrow vectors (an arena) until then; then, per partition in time order, each row is added to
 * the partition's accumulators and the rows that fall out of the frame are taken back (so MIN and
 * MAX keep counts). With {@code RANGE}, rows of the same time are peers: each sees all of them.
 * Rows at or before the watermark when they arrive are late: dropped and counted. Rows without a
 * time are dropped.
 */
public final class OverAggregateOperator implements Operator {
  private final int[] partitionKeys;
  private final int timeColumn;
  private final List<AggregateSpec> aggregates;
  /** ROWS: how many preceding rows the frame holds; RANGE: how many milliseconds back. -1: unbounded. */
  private final long preceding;
  private final boolean range;
  private final Schema inputSchema;
  private final Schema outputSchema;

  /** The partitions' keys, each with a slot; per slot, its partition. */
  private KeyIndex partitionIndex;
  private final List<Partition> partitions = new ArrayList<>();
  /** Rows waiting for the watermark: their arena row numbers and times, in arrival order. */
  private int[] pending = new int[64];
  private int pendingCount;
  private OperatorContext context;
  private BufferAllocator allocator;
  private RowArena arena;
  private long watermark = Long.MIN_VALUE;

  /** A partition's accumulators and the arena rows in its frame, oldest first. */
  private static final class Partition {
    final Accumulator[] accumulators;
    final ArrayDeque<Integer> frame = new ArrayDeque<>();

    Partition(List<AggregateSpec> aggregates) {
      this(Accumulator.forGroup(aggregates, true));
    }

    Partition(Accumulator[] accumulators) {
      this.accumulators = accumulators;
    }
  }

  /**
   * @param partitionKeys the PARTITION BY columns
   * @param timeColumn the ORDER BY column, the input's event time
   * @param aggregates the aggregate calls, output after the input's columns
   * @param preceding ROWS: the preceding rows in the frame; RANGE: the milliseconds; -1 unbounded
   * @param range whether the frame is by time (RANGE) rather than by rows
   * @param inputSchema the input's columns
   * @param outputSchema the input's columns, then the aggregates'
   */
  public OverAggregateOperator(int[] partitionKeys, int timeColumn, List<AggregateSpec> aggregates, long preceding,
      boolean range, Schema inputSchema, Schema outputSchema) {
    this.partitionKeys = partitionKeys.clone();
    this.timeColumn = timeColumn;
    this.aggregates = List.copyOf(aggregates);
    this.preceding = preceding;
    this.range = range;
    this.inputSchema = inputSchema;
    this.outputSchema = outputSchema;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.allocator = context.allocator();
    this.arena = new RowArena(inputSchema, allocator);
    this.partitionIndex = KeyIndex.of(inputSchema, partitionKeys, allocator);
  }


  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    try (batch) {
      TimeStampVector time = (TimeStampVector) batch.getVector(timeColumn);
      long late = 0;
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        if (time.isNull(i)) {
          continue; // no time, no place in the order
        }
        if (time.get(i) <= watermark) {
          late++;
          continue;
        }
        int row = arena.add(batch, i);
        if (pendingCount == pending.length) {
          pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = row;
      }
      if (late > 0) {
        context.metrics().increment(HashAggregateOperator.LATE_ROWS, late);
      }
    }
  }

  @Override
  public void onWatermark(long timestamp, Output out) {
    watermark = timestamp;
    emitUpTo(timestamp, out);
    out.emitWatermark(timestamp);
  }

  @Override
  public void onEndOfInput(Output out) {
    emitUpTo(Long.MAX_VALUE, out);
  }

  /** Emits, in time order, every waiting row at or before {@code until}. */
  private void emitUpTo(long until, Output out) {
    TimeStampVector time = (TimeStampVector) arena.rows().getVector(timeColumn);
    int[] arrival = new int[pendingCount];
    int m = 0;
    int kept = 0;
    for (int k = 0; k < pendingCount; k++) {
      int row = pending[k];
      if (time.get(row) <= until) {
        arrival[m++] = row;
      } else {
        pending[kept++] = row;
      }
    }
    pendingCount = kept;
    if (m == 0) {
      return;
    }
    List<FieldVector> vectors = arena.rows().getFieldVectors();
    KeyIndex.Lookup lookup = partitionIndex.lookup(arena.rows(), partitionKeys);
    int[] slotOf = new int[m]; // by position in arrival order
    for (int r = 0; r < m; r++) {
      slotOf[r] = lookup.slotOf(arrival[r]);
      if (slotOf[r] == partitions.size()) {
        partitions.add(new Partition(aggregates));
      }
    }
    // in time order, a time's rows grouped by partition (RANGE peers together), else in arrival order
    long[] order = new long[m];
    Arrays.setAll(order, r -> r);
    LongMergeSort.sort(order, (a, b) -> {
      int c = Long.compare(time.get(arrival[(int) a]), time.get(arrival[(int) b]));
      return c != 0 ? c : Integer.compare(slotOf[(int) a], slotOf[(int) b]);
    });
    int[] ready = new int[m];
    int[] slots = new int[m];
    for (int k = 0; k < m; k++) {
      ready[k] = arrival[(int) order[k]];
      slots[k] = slotOf[(int) order[k]];
    }
    Object[][] results = new Object[m][];
    for (int r = 0; r < m; ) {
      int row = ready[r];
      Partition p = partitions.get(slots[r]);
      // RANGE: a row's peers (same partition, same time) are added before any of them is emitted
      int peersEnd = r + 1;
      if (range) {
        while (peersEnd < m && time.get(ready[peersEnd]) == time.get(row)
            && slots[peersEnd] == slots[r]) {
          peersEnd++;
        }
      }
      for (int q = r; q < peersEnd; q++) {
        Rows.accumulate(p.accumulators, aggregates, vectors, ready[q], true);
        p.frame.addLast(ready[q]);
      }
      evict(p, time, time.get(row));
      Object[] values = new Object[p.accumulators.length];
      for (int a = 0; a < values.length; a++) {
        values[a] = p.accumulators[a].result();
      }
      for (int q = r; q < peersEnd; q++) {
        results[q] = values;
      }
      r = peersEnd;
    }
    out.emit(rows(ready, results));
    compactIfWorthIt();
  }

  /** Takes back the rows that fell out of the frame of a row at time {@code now}. */
  private void evict(Partition p, TimeStampVector time, long now) {
    if (preceding < 0) {
      return;
    }
    while (!p.frame.isEmpty() && (range ? time.get(p.frame.peekFirst()) < now - preceding
        : p.frame.size() > preceding + 1)) {
      int old = p.frame.removeFirst();
      Rows.accumulate(p.accumulators, aggregates, arena.rows().getFieldVectors(), old, false);
      arena.free(1);
    }
  }

  private VectorSchemaRoot rows(int[] ready, Object[][] results) {
    VectorSchemaRoot root = VectorSchemaRoot.create(outputSchema, allocator);
    try {
      int width = inputSchema.getFields().size();
      for (int c = width; c < outputSchema.getFields().size(); c++) {
        root.getVector(c).allocateNew(); // the aggregates' results; the input's columns are gathered
      }
      for (int c = 0; c < width; c++) {
        Batches.gather(arena.rows().getVector(c), ready, ready.length, root.getVector(c));
      }
      for (int r = 0; r < ready.length; r++) {
        for (int a = 0; a < aggregates.size(); a++) {
          Rows.set(root.getVector(width + a), r, results[r][a]);
        }
      }
      root.setRowCount(ready.length);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * Moves the rows still needed (waiting, or in a frame) into a fresh arena when the others are
   * most of it. Unbounded frames need no rows back: their rows are let go at once.
   */
  private void compactIfWorthIt() {
    if (preceding < 0) {
      for (Partition p : partitions) {
        arena.free(p.frame.size());
        p.frame.clear();
      }
    }
    if (!arena.worthCompacting()) {
      return;
    }
    RowArena.Compaction compaction = arena.compaction();
    for (Partition p : partitions) {
      ArrayDeque<Integer> moved = new ArrayDeque<>();
      for (int row : p.frame) {
        moved.addLast(compaction.move(row));
      }
      p.frame.clear();
      p.frame.addAll(moved);
    }
    for (int k = 0; k < pendingCount; k++) {
      pending[k] = compaction.move(pending[k]);
    }
    compaction.finish();
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    arena.snapshot(out);
    partitionIndex.snapshot(out);
    out.writeInt(partitions.size());
    for (Partition p : partitions) {
      Accumulator.write(p.accumulators, out);
      out.writeInt(p.frame.size());
      for (int row : p.frame) {
        out.writeInt(row);
      }
    }
    out.writeInts(pending, pendingCount);
    out.writeLong(watermark);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    arena.restore(in);
    partitionIndex.restore(in);
    for (int slot = 0, n = in.readInt(); slot < n; slot++) {
      Partition p = new Partition(Accumulator.read(aggregates, true, in));
      for (int r = 0, rows = in.readInt(); r < rows; r++) {
        p.frame.add(in.readInt());
      }
      partitions.add(p);
    }
    int[] waiting = in.readInts();
    pending = Arrays.copyOf(waiting, Math.max(64, waiting.length));
    pendingCount = waiting.length;
    watermark = in.readLong();
  }

  @Override
  public void close() {
    partitions.clear();
    if (partitionIndex != null) {
      partitionIndex.close();
    }
    if (arena != null) {
      arena.close();
    }
  }
}
