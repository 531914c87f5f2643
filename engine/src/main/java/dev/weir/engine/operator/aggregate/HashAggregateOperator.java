package dev.weir.engine.operator.aggregate;

import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.state.IntList;
import dev.weir.engine.state.KeyIndex;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Groups rows by key and aggregates them. With a window-end column, each window is emitted once,
 * when the watermark passes its last millisecond, and its state is then freed; rows that arrive
 * for a window already emitted are late: dropped and counted ({@value #LATE_ROWS}). Without one,
 * the whole input is one group set, emitted when the (bounded) input ends. Either way each result
 * row is final: the output is append-only.
 */
public final class HashAggregateOperator implements Operator {
  /** The counter of rows dropped because their window had already been emitted. */
  public static final String LATE_ROWS = "late-rows-dropped";
  private static final long NO_WINDOW = Long.MAX_VALUE;

  private final int[] groupKeys;
  private final List<AggregateSpec> aggregates;
  private final int windowEndColumn;
  private final long windowColumnToEnd;
  private final Schema outputSchema;
  /** The groups' keys (a window's key includes its window column), each with a slot. */
  private KeyIndex groups;
  /** Per slot, the group's accumulators (null once emitted). */
  private final List<Accumulator[]> accumulators = new ArrayList<>();
  /** Window end to the slots of its groups, in order of window end. */
  private final TreeMap<Long, IntList> windows = new TreeMap<>();
  private long watermark = Long.MIN_VALUE;
  private OperatorContext context;
  private BufferAllocator allocator;

  /**
   * @param groupKeys the input columns grouped by, in output order
   * @param aggregates the aggregate calls, in output order after the keys
   * @param windowEndColumn the input column that tells each row's window, or -1 for no window
   * @param windowColumnToEnd what to add to that column to get the window's end (0 when it is the
   *     end; the size when it is the start, as for {@code GROUP BY TUMBLE(ts, size)})
   * @param outputSchema the keys' fields, then the aggregates'
   */
  public HashAggregateOperator(int[] groupKeys, List<AggregateSpec> aggregates, int windowEndColumn,
      long windowColumnToEnd, Schema outputSchema) {
    this.groupKeys = groupKeys.clone();
    this.aggregates = List.copyOf(aggregates);
    this.windowEndColumn = windowEndColumn;
    this.windowColumnToEnd = windowColumnToEnd;
    this.outputSchema = outputSchema;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.allocator = context.allocator();
    this.groups = KeyIndex.of(outputSchema, java.util.stream.IntStream.range(0, groupKeys.length).toArray(), allocator);
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    try (batch) {
      List<FieldVector> vectors = batch.getFieldVectors();
      TimeStampVector windowEnd = windowEndColumn >= 0 ? (TimeStampVector) vectors.get(windowEndColumn) : null;
      KeyIndex.Lookup lookup = groups.lookup(batch, groupKeys);
      long late = 0;
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        if (windowEnd != null && windowEnd.isNull(i)) {
          continue; // no time, no window
        }
        long end = windowEnd == null ? NO_WINDOW : windowEnd.get(i) + windowColumnToEnd;
        if (windowEnd != null && end - 1 <= watermark) {
          late++;
          continue;
        }
        int slot = lookup.slotOf(i);
        if (slot == accumulators.size()) { // a new group
          accumulators.add(Accumulator.forGroup(aggregates, false));
          windows.computeIfAbsent(end, e -> new IntList()).add(slot);
        }
        Rows.accumulate(accumulators.get(slot), aggregates, vectors, i, true);
      }
      if (late > 0) {
        context.metrics().increment(LATE_ROWS, late);
      }
    }
  }

  @Override
  public void onWatermark(long timestamp, Output out) {
    watermark = timestamp;
    if (windowEndColumn >= 0) {
      emitUpTo(timestamp, out);
    }
    out.emitWatermark(timestamp);
  }

  @Override
  public void onEndOfInput(Output out) {
    if (groupKeys.length == 0 && windowEndColumn < 0 && windows.isEmpty()) {
      // SQL: an aggregate without GROUP BY over no rows still gives one row (COUNT 0, SUM NULL)
      Accumulator[] empty = Accumulator.forGroup(aggregates, false);
      VectorSchemaRoot root = VectorSchemaRoot.create(outputSchema, allocator);
      root.allocateNew();
      for (int a = 0; a < empty.length; a++) {
        Rows.set(root.getVector(a), 0, empty[a].result());
      }
      root.setRowCount(1);
      out.emit(root);
      return;
    }
    emitUpTo(Long.MAX_VALUE, out);
  }

  /** Emits and frees every window whose last millisecond is at or before {@code until}. */
  private void emitUpTo(long until, Output out) {
    Iterator<Map.Entry<Long, IntList>> it = windows.entrySet().iterator();
    boolean emitted = false;
    while (it.hasNext()) {
      Map.Entry<Long, IntList> window = it.next();
      if (window.getKey() != NO_WINDOW && window.getKey() - 1 > until) {
        break;
      }
      if (window.getKey() == NO_WINDOW && until != Long.MAX_VALUE) {
        break;
      }
      out.emit(rows(window.getValue()));
      it.remove();
      emitted = true;
    }
    if (emitted) {
      compact();
    }
  }

  /** The groups of {@code slots}: keys copied from the key vectors, then the results; their slots are freed. */
  private VectorSchemaRoot rows(IntList slots) {
    VectorSchemaRoot root = VectorSchemaRoot.create(outputSchema, allocator);
    try {
      root.allocateNew();
      int n = slots.size();
      groups.copyKeys(slots, root);
      for (int r = 0; r < n; r++) {
        int slot = slots.get(r);
        Accumulator[] accs = accumulators.get(slot);
        for (int a = 0; a < accs.length; a++) {
          Rows.set(root.getVector(groupKeys.length + a), r, accs[a].result());
        }
        accumulators.set(slot, null);
        groups.remove(slot);
      }
      root.setRowCount(n);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Renumbers the slots of the open windows' groups once most slots are free. */
  private void compact() {
    IntUnaryOperator moved = groups.compactIfWorthIt();
    if (moved == null) {
      return;
    }
    KeyIndex.renumber(accumulators, moved);
    for (IntList slots : windows.values()) {
      slots.replaceAll(moved);
    }
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    groups.snapshot(out);
    out.writeInt(accumulators.size());
    for (Accumulator[] group : accumulators) {
      out.writeBoolean(group != null);
      if (group != null) {
        Accumulator.write(group, out);
      }
    }
    out.writeInt(windows.size());
    for (Map.Entry<Long, IntList> window : windows.entrySet()) {
      out.writeLong(window.getKey());
      out.writeIntList(window.getValue());
    }
    out.writeLong(watermark);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    groups.restore(in);
    for (int slot = 0, n = in.readInt(); slot < n; slot++) {
      accumulators.add(in.readBoolean() ? Accumulator.read(aggregates, false, in) : null);
    }
    for (int w = 0, n = in.readInt(); w < n; w++) {
      windows.put(in.readLong(), in.readIntList());
    }
    watermark = in.readLong();
  }

  @Override
  public void close() {
    windows.clear();
    accumulators.clear();
    if (groups != null) {
      groups.close();
    }
  }
}
