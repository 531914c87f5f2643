package dev.weir.engine.operator.aggregate;

import dev.weir.catalog.schema.RowKind;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  private final Map<List<Object>, Group> groups = new HashMap<>();
  private final long stateTtlMillis;
  private final LongSupplier clock;
  private long nextExpiry;
  private BufferAllocator allocator;
  private OperatorContext context;

  /** A group's accumulators, how many rows it holds, and the result it last emitted (null: none yet). */
  private static final class Group {
    final Accumulator[] accumulators;
    long rows;
    List<Object> emitted;
    long touchedMillis;

    Group(List<AggregateSpec> aggregates, boolean retractable) {
      accumulators = Accumulator.forGroup(aggregates, retractable);
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
  }

  /** Forgets the groups untouched for the TTL; looks at most every quarter of it. */
  private void expire(long now) {
    if (stateTtlMillis <= 0 || now < nextExpiry) {
      return;
    }
    long before = groups.size();
    groups.values().removeIf(g -> now - g.touchedMillis >= stateTtlMillis);
    if (groups.size() < before) {
      context.metrics().increment(EXPIRED_GROUPS, before - groups.size());
    }
    nextExpiry = now + Math.max(1, stateTtlMillis / 4);
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    long now = clock.getAsLong();
    expire(now);
    Map<List<Object>, Group> touched = new LinkedHashMap<>();
    try (batch) {
      List<FieldVector> vectors = batch.getFieldVectors();
      TinyIntVector kinds = rowKindColumn >= 0 ? (TinyIntVector) vectors.get(rowKindColumn) : null;
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        boolean accumulate = kinds == null || RowKind.of(kinds.get(i)).isAccumulate();
        List<Object> key = Rows.key(vectors, groupKeys, i);
        Group g = groups.get(key);
        if (g == null) {
          if (!accumulate) {
            continue; // retracting a row this operator never saw (it was filtered upstream, say)
          }
          // only a changelog input retracts: over inserts MIN and MAX keep one value, not all
          g = new Group(aggregates, rowKindColumn >= 0);
          groups.put(key, g);
        }
        if (!accumulate && g.rows == 0) {
          continue; // a repeated retraction: nothing of the row is left to take back
        }
        touched.put(key, g);
        g.touchedMillis = now;
        g.rows += accumulate ? 1 : -1;
        Rows.accumulate(g.accumulators, aggregates, vectors, i, accumulate);
      }
    }
    emitChanges(touched, out);
  }

  private void emitChanges(Map<List<Object>, Group> touched, Output out) {
    List<List<Object>> rows = new ArrayList<>();
    List<RowKind> kinds = new ArrayList<>();
    for (Map.Entry<List<Object>, Group> e : touched.entrySet()) {
      Group g = e.getValue();
      // a global aggregate (no GROUP BY) always has its one row: COUNT 0 when empty, never deleted
      if (g.rows <= 0 && groupKeys.length > 0) {
        if (g.emitted != null) {
          rows.add(g.emitted);
          kinds.add(RowKind.DELETE);
        }
        groups.remove(e.getKey());
        continue;
      }
      List<Object> now = new ArrayList<>(e.getKey());
      for (Accumulator a : g.accumulators) {
        now.add(a.result());
      }
      if (g.emitted == null) {
        rows.add(now);
        kinds.add(RowKind.INSERT);
      } else if (!sameRow(g.emitted, now)) {
        rows.add(g.emitted);
        kinds.add(RowKind.UPDATE_BEFORE);
        rows.add(now);
        kinds.add(RowKind.UPDATE_AFTER);
      } else {
        continue;
      }
      g.emitted = now;
    }
    if (!rows.isEmpty()) {
      out.emit(batch(rows, kinds));
    }
  }

  private static boolean sameRow(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      if (x instanceof byte[] p && y instanceof byte[] q ? !Arrays.equals(p, q) : !Objects.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  private VectorSchemaRoot batch(List<List<Object>> rows, List<RowKind> kinds) {
    VectorSchemaRoot root = VectorSchemaRoot.create(outputSchema, allocator);
    try {
      root.allocateNew();
      int kindColumn = outputSchema.getFields().size() - 1;
      for (int r = 0; r < rows.size(); r++) {
        List<Object> row = rows.get(r);
        for (int c = 0; c < row.size(); c++) {
          Rows.set(root.getVector(c), r, row.get(c));
        }
        ((TinyIntVector) root.getVector(kindColumn)).setSafe(r, kinds.get(r).code());
      }
      root.setRowCount(rows.size());
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** A global aggregate over a bounded input that gave no rows still has its row (COUNT 0, SUM NULL). */
  @Override
  public void onEndOfInput(Output out) {
    if (groupKeys.length == 0 && groups.isEmpty()) {
      Group empty = new Group(aggregates, false);
      List<Object> row = new ArrayList<>();
      for (Accumulator a : empty.accumulators) {
        row.add(a.result());
      }
      out.emit(batch(List.of(row), List.of(RowKind.INSERT)));
    }
  }

  @Override
  public void close() {
    groups.clear();
  }
}
