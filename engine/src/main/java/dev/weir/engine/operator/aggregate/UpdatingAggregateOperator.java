package dev.weir.engine.operator.aggregate;

import dev.weir.catalog.schema.RowKind;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.state.IntList;
import dev.weir.engine.state.KeyIndex;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code GROUP BY} without a window over an unbounded or updating input: the result is a
 * changelog. Each input batch is applied to the groups first (+I and +U add a row, -U and -D take
 * one back), then each group it touched says how its result changed: +I for a new group, -U and
 * +U for a changed one, -D for one whose last row was retracted, nothing when the result is the
 * same. Aggregating a whole batch before emitting (Flink's mini-batch) means one change per group
 * per batch, not per row.
 *
 * <p>With a state time-to-live ({@code table.exec.state.ttl}), a group not touched for that long
 * is forgotten, without a change downstream, as in Flink: a later row for its key starts it again.
 * That bounds the state of a query whose keys keep coming (sessions, users) at the price of
 * results that restart for keys quiet longer than the TTL.
 */
public final class UpdatingAggregateOperator implements Operator {
  private final int[] groupKeys;
  private final List<AggregateSpec> aggregates;
  private final int rowKindColumn;
  private final Schema outputSchema;
  /** The counter of groups forgotten after the state TTL. */
  public static final String EXPIRED_GROUPS = "state-expired-groups";

  /** The groups' keys, each with a slot; per slot, the group (null once deleted or forgotten). */
  private KeyIndex keys;
  private final List<Group> groups = new ArrayList<>();
  private final long stateTtlMillis;
  private final LongSupplier clock;
  private long nextExpiry;
  private long batchNumber;
  private BufferAllocator allocator;
  private OperatorContext context;

  /** A group's accumulators, how many rows it holds, and the results it last emitted (null: none yet). */
  private static final class Group {
    final Accumulator[] accumulators;
    long rows;
    Object[] emitted;
    long touchedMillis;
    long touchedInBatch = -1;

    Group(List<AggregateSpec> aggregates, boolean retractable) {
      this(Accumulator.forGroup(aggregates, retractable));
    }

    Group(Accumulator[] accumulators) {
      this.accumulators = accumulators;
    }
  }

  /**
   * @param groupKeys the input columns grouped by, in output order
   * @param aggregates the aggregate calls, in output order after the keys
   * @param rowKindColumn the input's row-kind column when it is a changelog, else -1 (all inserts)
   * @param outputSchema the keys' fields, the aggregates', then the row kind
   */
  public UpdatingAggregateOperator(int[] groupKeys, List<AggregateSpec> aggregates, int rowKindColumn,
      Schema outputSchema) {
    this(groupKeys, aggregates, rowKindColumn, outputSchema, 0, System::currentTimeMillis);
  }

  /**
   * @param stateTtlMillis how long a group may go untouched before it is forgotten; 0 never
   * @param clock the processing time, in milliseconds
   */
  public UpdatingAggregateOperator(int[] groupKeys, List<AggregateSpec> aggregates, int rowKindColumn,
      Schema outputSchema, long stateTtlMillis, LongSupplier clock) {
    this.groupKeys = groupKeys.clone();
    this.aggregates = List.copyOf(aggregates);
    this.rowKindColumn = rowKindColumn;
    this.outputSchema = outputSchema;
    this.stateTtlMillis = stateTtlMillis;
    this.clock = clock;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.allocator = context.allocator();
    this.keys = KeyIndex.of(outputSchema, java.util.stream.IntStream.range(0, groupKeys.length).toArray(), allocator);
  }

  /** Forgets the groups untouched for the TTL; looks at most every quarter of it. */
  private void expire(long now) {
    if (stateTtlMillis <= 0 || now < nextExpiry) {
      return;
    }
    long forgotten = 0;
    for (int slot = 0; slot < groups.size(); slot++) {
      Group g = groups.get(slot);
      if (g != null && now - g.touchedMillis >= stateTtlMillis) {
        groups.set(slot, null);
        keys.remove(slot);
        forgotten++;
      }
    }
    if (forgotten > 0) {
      context.metrics().increment(EXPIRED_GROUPS, forgotten);
      compact();
    }
    nextExpiry = now + Math.max(1, stateTtlMillis / 4);
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    long now = clock.getAsLong();
    expire(now);
    long number = batchNumber++;
    IntList touched = new IntList();
    try (batch) {
      List<FieldVector> vectors = batch.getFieldVectors();
      TinyIntVector kinds = rowKindColumn >= 0 ? (TinyIntVector) vectors.get(rowKindColumn) : null;
      KeyIndex.Lookup lookup = keys.lookup(batch, groupKeys);
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        boolean accumulate = kinds == null || RowKind.of(kinds.get(i)).isAccumulate();
        int slot = accumulate ? lookup.slotOf(i) : lookup.find(i);
        if (slot < 0) {
          continue; // retracting a row this operator never saw (it was filtered upstream, say)
        }
        if (slot == groups.size()) {
          // only a changelog input retracts: over inserts MIN and MAX keep one value, not all
          groups.add(new Group(aggregates, rowKindColumn >= 0));
        }
        Group g = groups.get(slot);
        if (!accumulate && g.rows == 0) {
          continue; // a repeated retraction: nothing of the row is left to take back
        }
        if (g.touchedInBatch != number) {
          g.touchedInBatch = number;
          touched.add(slot);
        }
        g.touchedMillis = now;
        g.rows += accumulate ? 1 : -1;
        Rows.accumulate(g.accumulators, aggregates, vectors, i, accumulate);
      }
    }
    emitChanges(touched, out);
  }

  /** Each touched group's change: +I, -U and +U, -D, or nothing when its result is the same. */
  private void emitChanges(IntList touched, Output out) {
    IntList slots = new IntList();
    IntList kinds = new IntList();
    List<Object[]> values = new ArrayList<>();
    IntList deleted = new IntList();
    for (int t = 0; t < touched.size(); t++) {
      int slot = touched.get(t);
      Group g = groups.get(slot);
      // a global aggregate (no GROUP BY) always has its one row: COUNT 0 when empty, never deleted
      if (g.rows <= 0 && groupKeys.length > 0) {
        if (g.emitted != null) {
          slots.add(slot);
          kinds.add(RowKind.DELETE.code());
          values.add(g.emitted);
        }
        deleted.add(slot);
        continue;
      }
      Object[] now = new Object[g.accumulators.length];
      for (int a = 0; a < now.length; a++) {
        now[a] = g.accumulators[a].result();
      }
      if (g.emitted == null) {
        slots.add(slot);
        kinds.add(RowKind.INSERT.code());
        values.add(now);
      } else if (!sameRow(g.emitted, now)) {
        slots.add(slot);
        kinds.add(RowKind.UPDATE_BEFORE.code());
        values.add(g.emitted);
        slots.add(slot);
        kinds.add(RowKind.UPDATE_AFTER.code());
        values.add(now);
      } else {
        continue;
      }
      g.emitted = now;
    }
    if (slots.size() > 0) {
      out.emit(batch(slots, kinds, values));
    }
    for (int d = 0; d < deleted.size(); d++) { // after their -D took its key from the index
      groups.set(deleted.get(d), null);
      keys.remove(deleted.get(d));
    }
    if (deleted.size() > 0) {
      compact();
    }
  }

  private static boolean sameRow(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      Object x = a[i];
      Object y = b[i];
      if (x instanceof byte[] p && y instanceof byte[] q ? !Arrays.equals(p, q) : !Objects.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  /** Rows of groups' keys (copied from the key vectors), results and kinds. */
  private VectorSchemaRoot batch(IntList slots, IntList kinds, List<Object[]> values) {
    VectorSchemaRoot root = VectorSchemaRoot.create(outputSchema, allocator);
    try {
      root.allocateNew();
      int n = slots.size();
      keys.copyKeys(slots, root);
      int kindColumn = outputSchema.getFields().size() - 1;
      for (int r = 0; r < n; r++) {
        Object[] row = values.get(r);
        for (int a = 0; a < row.length; a++) {
          Rows.set(root.getVector(groupKeys.length + a), r, row[a]);
        }
        ((TinyIntVector) root.getVector(kindColumn)).setSafe(r, (byte) kinds.get(r));
      }
      root.setRowCount(n);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Renumbers the groups' slots once most are free. */
  private void compact() {
    IntUnaryOperator moved = keys.compactIfWorthIt();
    if (moved == null) {
      return;
    }
    KeyIndex.renumber(groups, moved);
  }

  /** A global aggregate over a bounded input that gave no rows still has its row (COUNT 0, SUM NULL). */
  @Override
  public void onEndOfInput(Output out) {
    if (groupKeys.length == 0 && groups.isEmpty()) {
      Group empty = new Group(aggregates, false);
      Object[] row = new Object[empty.accumulators.length];
      for (int a = 0; a < row.length; a++) {
        row[a] = empty.accumulators[a].result();
      }
      IntList slots = new IntList();
      slots.add(0); // no key columns to copy
      IntList kinds = new IntList();
      kinds.add(RowKind.INSERT.code());
      out.emit(batch(slots, kinds, List.<Object[]>of(row)));
    }
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    keys.snapshot(out);
    out.writeInt(groups.size());
    for (Group g : groups) {
      out.writeBoolean(g != null);
      if (g == null) {
        continue;
      }
      Accumulator.write(g.accumulators, out);
      out.writeLong(g.rows);
      out.writeLong(g.touchedMillis);
      out.writeBoolean(g.emitted != null);
      if (g.emitted != null) {
        for (Object v : g.emitted) {
          out.writeValue(v);
        }
      }
    }
    out.writeLong(nextExpiry);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    keys.restore(in);
    boolean retractable = rowKindColumn >= 0;
    for (int slot = 0, n = in.readInt(); slot < n; slot++) {
      if (!in.readBoolean()) {
        groups.add(null);
        continue;
      }
      Group g = new Group(Accumulator.read(aggregates, retractable, in));
      g.rows = in.readLong();
      g.touchedMillis = in.readLong();
      if (in.readBoolean()) {
        g.emitted = new Object[aggregates.size()];
        for (int a = 0; a < g.emitted.length; a++) {
          g.emitted[a] = in.readValue();
        }
      }
      groups.add(g);
    }
    nextExpiry = in.readLong();
  }

  @Override
  public void close() {
    groups.clear();
    if (keys != null) {
      keys.close();
    }
  }
}
