package dev.weir.engine.operator.rank;

import dev.weir.catalog.schema.RowKind;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.sort.SortKey;
import dev.weir.engine.state.KeyIndex;
import dev.weir.engine.state.RowArena;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)} with a limit on it ({@code WHERE rn <= N},
 * {@code rn = 1}, ...): the top rows of each partition, kept up to date as a changelog.
 *
 * <p>Rows are kept in Arrow vectors (an arena, compacted when most of it is dead); each partition
 * is an array of their row numbers in rank order, found by binary search with unboxed comparisons.
 * Over inserts only the top {@code rankEnd} rows of a partition are kept, and a row that would
 * rank below them is dropped without being copied; over a changelog every row is kept, since a
 * retraction can bring a lower row back up.
 *
 * <p>Each change compares what the ranks in range held before and after. With the rank number in
 * the output, every row whose rank changed is updated (-U/+U with the old and new number);
 * without it, only rows entering (+I) or leaving (-D) the range are emitted (an entering and a
 * leaving row pair up as -U/+U), as Flink does when the query does not select the number.
 */
public final class RankOperator implements Operator {
  private final int[] partitionKeys;
  private final List<SortKey> sortKeys;
  private final long rankStart;
  private final long rankEnd;
  private final boolean outputRank;
  private final int rowKindColumn;
  private final Schema inputSchema;
  private final Schema outputSchema;

  /** The partitions' keys, each with a slot; per slot, the partition (null once it emptied). */
  private KeyIndex partitionIndex;
  private final List<Partition> partitions = new ArrayList<>();
  private BufferAllocator allocator;
  private RankedRows held;
  private RowArena arena;

  /** A partition's rows, by their number in the arena, in rank order. */
  /** The counter of partitions forgotten after the state TTL. */
  public static final String EXPIRED_PARTITIONS = "state-expired-partitions";

  private final long stateTtlMillis;
  private final LongSupplier clock;
  private long nextExpiry;
  private OperatorContext context;

  private static final class Partition {
    long touchedMillis;
    int[] rows = new int[4];
    int size;

    void insert(int position, int row) {
      if (size == rows.length) {
        rows = Arrays.copyOf(rows, size * 2);
      }
      System.arraycopy(rows, position, rows, position + 1, size - position);
      rows[position] = row;
      size++;
    }

    int remove(int position) {
      int row = rows[position];
      System.arraycopy(rows, position + 1, rows, position, size - position - 1);
      size--;
      return row;
    }
  }

  /**
   * @param partitionKeys the PARTITION BY columns
   * @param sortKeys the ORDER BY keys
   * @param rankStart the first rank emitted (1 for a top-N)
   * @param rankEnd the last rank emitted
   * @param outputRank whether the rank number is in the output (after the data columns)
   * @param rowKindColumn the input's row-kind column when it is a changelog, else -1
   * @param inputSchema the input's data columns
   * @param outputSchema the data columns, the rank number (BIGINT), then the row kind
   */
  public RankOperator(int[] partitionKeys, List<SortKey> sortKeys, long rankStart, long rankEnd, boolean outputRank,
      int rowKindColumn, Schema inputSchema, Schema outputSchema) {
    this(partitionKeys, sortKeys, rankStart, rankEnd, outputRank, rowKindColumn, inputSchema, outputSchema, 0,
        System::currentTimeMillis);
  }

  /**
   * @param stateTtlMillis a partition no row has touched for this long is forgotten, without a
   *     change downstream (as in Flink); 0 never
   * @param clock the processing time, in milliseconds
   */
  public RankOperator(int[] partitionKeys, List<SortKey> sortKeys, long rankStart, long rankEnd, boolean outputRank,
      int rowKindColumn, Schema inputSchema, Schema outputSchema, long stateTtlMillis, LongSupplier clock) {
    this.stateTtlMillis = stateTtlMillis;
    this.clock = clock;
    this.partitionKeys = partitionKeys.clone();
    this.sortKeys = List.copyOf(sortKeys);
    this.rankStart = rankStart;
    this.rankEnd = rankEnd;
    this.outputRank = outputRank;
    this.rowKindColumn = rowKindColumn;
    this.inputSchema = inputSchema;
    this.outputSchema = outputSchema;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.allocator = context.allocator();
    this.held = new RankedRows(inputSchema, sortKeys, allocator);
    this.arena = held.arena();
    this.partitionIndex = KeyIndex.of(inputSchema, partitionKeys, allocator);
  }


  /** Where a new row goes: after every row that ranks before it or ties with it. */
  private int insertionPoint(Partition p, VectorSchemaRoot batch, int row) {
    int lo = 0;
    int hi = p.size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (held.compare(p.rows[mid], batch, row) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    long now = clock.getAsLong();
    expire(now);
    try (batch) {
      TinyIntVector kinds = rowKindColumn >= 0 ? (TinyIntVector) batch.getVector(rowKindColumn) : null;
      Changes changes = new Changes();
      RangeEqualsVisitor[] sameRow = null;
      KeyIndex.Lookup lookup = partitionIndex.lookup(batch, partitionKeys);
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        boolean accumulate = kinds == null || RowKind.of(kinds.get(i)).isAccumulate();
        int slot = accumulate ? lookup.slotOf(i) : lookup.find(i);
        if (slot == partitions.size()) {
          partitions.add(new Partition());
        }
        Partition p = slot < 0 ? null : partitions.get(slot);
        if (p != null) {
          p.touchedMillis = now;
        }
        if (accumulate) {
          int position = insertionPoint(p, batch, i);
          if (kinds == null && position >= rankEnd) {
            continue; // below the top over inserts only: it can never rise
          }
          int[] before = visible(p, position);
          p.insert(position, arena.add(batch, i));
          if (kinds == null && p.size > rankEnd) {
            p.remove(p.size - 1);
            arena.free(1);
          }
          changes.diff(before, visible(p, position), (int) Math.max(position, rankStart - 1) + 1);
        } else if (p != null) {
          if (sameRow == null) {
            sameRow = matchers(batch);
          }
          int position = find(p, sameRow, i);
          if (position < 0) {
            continue; // a retraction of a row never seen
          }
          int[] before = visible(p, position);
          p.remove(position);
          arena.free(1);
          changes.diff(before, visible(p, position), (int) Math.max(position, rankStart - 1) + 1);
          if (p.size == 0) {
            partitions.set(slot, null);
            partitionIndex.remove(slot);
          }
        }
      }
      changes.emit(out);
    }
    compactIfWorthIt();
  }

  /** Forgets the partitions untouched for the TTL; looks at most every quarter of it. */
  private void expire(long now) {
    if (stateTtlMillis <= 0 || now < nextExpiry) {
      return;
    }
    long forgotten = 0;
    for (int slot = 0; slot < partitions.size(); slot++) {
      Partition p = partitions.get(slot);
      if (p != null && now - p.touchedMillis >= stateTtlMillis) {
        arena.free(p.size);
        partitions.set(slot, null);
        partitionIndex.remove(slot);
        forgotten++;
      }
    }
    if (forgotten > 0) {
      context.metrics().increment(EXPIRED_PARTITIONS, forgotten);
      compactIfWorthIt();
    }
    nextExpiry = now + Math.max(1, stateTtlMillis / 4);
  }

  /** The rows at ranks from {@code position} on that are in the emitted range. */
  private int[] visible(Partition p, int position) {
    int from = (int) Math.max(position, rankStart - 1);
    int to = (int) Math.min(p.size, rankEnd);
    return from >= to ? new int[0] : Arrays.copyOfRange(p.rows, from, to);
  }

  private RangeEqualsVisitor[] matchers(VectorSchemaRoot batch) {
    RangeEqualsVisitor[] v = new RangeEqualsVisitor[inputSchema.getFields().size()];
    for (int c = 0; c < v.length; c++) {
      v[c] = new RangeEqualsVisitor(arena.rows().getVector(c), batch.getVector(c), (a, b) -> a.getClass() == b.getClass());
    }
    return v;
  }

  private static int find(Partition p, RangeEqualsVisitor[] sameRow, int row) {
    Range range = new Range(0, row, 1);
    for (int k = 0; k < p.size; k++) {
      range.setLeftStart(p.rows[k]);
      boolean equal = true;
      for (RangeEqualsVisitor v : sameRow) {
        if (!v.rangeEquals(range)) {
          equal = false;
          break;
        }
      }
      if (equal) {
        return k;
      }
    }
    return -1;
  }

  /** Copies the live rows into a fresh arena when the dead ones are most of it; renumbers the partitions likewise. */
  private void compactIfWorthIt() {
    java.util.function.IntUnaryOperator moved = partitionIndex.compactIfWorthIt();
    if (moved != null) {
      KeyIndex.renumber(partitions, moved);
    }
    if (!arena.worthCompacting()) {
      return;
    }
    RowArena.Compaction compaction = arena.compaction();
    for (Partition p : partitions) {
      if (p != null) {
        for (int k = 0; k < p.size; k++) {
          p.rows[k] = compaction.move(p.rows[k]);
        }
      }
    }
    compaction.finish();
  }

  /** The changes of one batch: which rows' ranks in range changed, and how. */
  private final class Changes {
    private final RankChanges changes = new RankChanges();

    void diff(int[] before, int[] after, int firstRank) {
      if (outputRank) {
        for (int k = 0; k < Math.max(before.length, after.length); k++) {
          int b = k < before.length ? before[k] : -1;
          int a = k < after.length ? after[k] : -1;
          if (a == b) {
            continue;
          }
          int rank = firstRank + k;
          if (a >= 0 && b >= 0) {
            changes.add(b, RowKind.UPDATE_BEFORE, rank);
            changes.add(a, RowKind.UPDATE_AFTER, rank);
          } else if (b >= 0) {
            changes.add(b, RowKind.DELETE, rank);
          } else {
            changes.add(a, RowKind.INSERT, rank);
          }
        }
        return;
      }
      if (before.length == 1 && after.length == 1) { // the common case: one row replaces another
        if (before[0] != after[0]) {
          changes.add(before[0], RowKind.UPDATE_BEFORE, 0);
          changes.add(after[0], RowKind.UPDATE_AFTER, 0);
        }
        return;
      }
      int[] left = without(before, after);
      int[] entered = without(after, before);
      for (int k = 0; k < Math.max(left.length, entered.length); k++) {
        if (k < left.length && k < entered.length) {
          changes.add(left[k], RowKind.UPDATE_BEFORE, 0);
          changes.add(entered[k], RowKind.UPDATE_AFTER, 0);
        } else if (k < left.length) {
          changes.add(left[k], RowKind.DELETE, 0);
        } else {
          changes.add(entered[k], RowKind.INSERT, 0);
        }
      }
    }

    /** The values of {@code rows} that are not in {@code others} (both short: at most the rank range). */
    private int[] without(int[] rows, int[] others) {
      int[] kept = new int[rows.length];
      int n = 0;
      outer:
      for (int r : rows) {
        for (int o : others) {
          if (o == r) {
            continue outer;
          }
        }
        kept[n++] = r;
      }
      return n == kept.length ? kept : Arrays.copyOf(kept, n);
    }

    void emit(Output out) {
      changes.emit(arena.rows(), outputSchema, allocator, out);
    }
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    arena.snapshot(out);
    partitionIndex.snapshot(out);
    out.writeInt(partitions.size());
    for (Partition p : partitions) {
      out.writeBoolean(p != null);
      if (p != null) {
        out.writeLong(p.touchedMillis);
        out.writeInts(p.rows, p.size);
      }
    }
    out.writeLong(nextExpiry);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    arena.restore(in);
    partitionIndex.restore(in);
    for (int slot = 0, n = in.readInt(); slot < n; slot++) {
      Partition p = null;
      if (in.readBoolean()) {
        p = new Partition();
        p.touchedMillis = in.readLong();
        p.rows = in.readInts();
        p.size = p.rows.length;
        if (p.rows.length == 0) {
          p.rows = new int[4];
        }
      }
      partitions.add(p);
    }
    nextExpiry = in.readLong();
  }

  @Override
  public void close() {
    partitions.clear();
    if (held != null) {
      held.close();
    }
    if (partitionIndex != null) {
      partitionIndex.close();
    }
  }
}
