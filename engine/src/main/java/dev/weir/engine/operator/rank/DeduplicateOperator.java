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
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deduplication: {@code ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)} limited to {@code rn = 1}
 * over inserts, as Flink plans it apart from the general top-N. Each key holds at most one row, so
 * its state is that row's number in an arena, in an array indexed by the key's slot: no object and
 * no ranked list per key. A row that ranks before the held one replaces it (-U old, +U new; the
 * first row of a key is +I); any other row changes nothing. The changes are those {@link
 * RankOperator} makes for the same query (whose rank column holds 0 where the query does not select
 * the number; here it is always 1).
 */
public final class DeduplicateOperator implements Operator {
  private final int[] partitionKeys;
  private final List<SortKey> sortKeys;
  private final Schema inputSchema;
  private final Schema outputSchema;
  private final long stateTtlMillis;
  private final LongSupplier clock;

  private OperatorContext context;
  private KeyIndex keys;
  private RankedRows held;
  /** Per slot, the held row's number in the arena, or -1 for a slot whose key is gone. */
  private int[] rowOf = filled(1024);
  /** Per slot, when a row last touched it (kept only with a state TTL). */
  private long[] touchedMillis;
  private long nextExpiry;

  /**
   * @param partitionKeys the PARTITION BY columns
   * @param sortKeys the ORDER BY keys
   * @param inputSchema the input's data columns
   * @param outputSchema the data columns, the rank number (BIGINT, always 1), then the row kind
   * @param stateTtlMillis a key no row has touched for this long is forgotten, without a change
   *     downstream (as in Flink); 0 never
   * @param clock the processing time, in milliseconds
   */
  public DeduplicateOperator(int[] partitionKeys, List<SortKey> sortKeys, Schema inputSchema, Schema outputSchema,
      long stateTtlMillis, LongSupplier clock) {
    this.partitionKeys = partitionKeys.clone();
    this.sortKeys = List.copyOf(sortKeys);
    this.inputSchema = inputSchema;
    this.outputSchema = outputSchema;
    this.stateTtlMillis = stateTtlMillis;
    this.clock = clock;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.held = new RankedRows(inputSchema, sortKeys, context.allocator());
    this.keys = KeyIndex.of(inputSchema, partitionKeys, context.allocator());
    this.touchedMillis = stateTtlMillis > 0 ? new long[rowOf.length] : null;
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    long now = clock.getAsLong();
    expire(now);
    RowArena arena = held.arena();
    RankChanges changes = new RankChanges();
    try (batch) {
      KeyIndex.Lookup lookup = keys.lookup(batch, partitionKeys);
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        int slot = lookup.slotOf(i);
        if (slot >= rowOf.length) {
          grow(slot);
        }
        if (touchedMillis != null) {
          touchedMillis[slot] = now;
        }
        int current = rowOf[slot];
        if (current < 0) {
          rowOf[slot] = arena.add(batch, i);
          changes.add(rowOf[slot], RowKind.INSERT, 1);
        } else if (held.compare(current, batch, i) > 0) { // the new row ranks first; on a tie the held one stays
          rowOf[slot] = arena.add(batch, i);
          arena.free(1);
          changes.add(current, RowKind.UPDATE_BEFORE, 1);
          changes.add(rowOf[slot], RowKind.UPDATE_AFTER, 1);
        }
      }
      changes.emit(arena.rows(), outputSchema, context.allocator(), out);
    }
    compactIfWorthIt();
  }

  private void grow(int slot) {
    int length = Math.max(rowOf.length * 2, slot + 1);
    int from = rowOf.length;
    rowOf = Arrays.copyOf(rowOf, length);
    Arrays.fill(rowOf, from, length, -1);
    if (touchedMillis != null) {
      touchedMillis = Arrays.copyOf(touchedMillis, length);
    }
  }

  private static int[] filled(int length) {
    int[] rows = new int[length];
    Arrays.fill(rows, -1);
    return rows;
  }

  /** Forgets the keys untouched for the TTL; looks at most every quarter of it. */
  private void expire(long now) {
    if (touchedMillis == null || now < nextExpiry) {
      return;
    }
    long forgotten = 0;
    for (int slot = 0; slot < keys.slots(); slot++) {
      if (keys.isLive(slot) && now - touchedMillis[slot] >= stateTtlMillis) {
        held.arena().free(1);
        rowOf[slot] = -1;
        keys.remove(slot);
        forgotten++;
      }
    }
    if (forgotten > 0) {
      context.metrics().increment(RankOperator.EXPIRED_PARTITIONS, forgotten);
      compactIfWorthIt();
    }
    nextExpiry = now + Math.max(1, stateTtlMillis / 4);
  }

  /** Renumbers slots and arena rows densely once most of either is free. */
  private void compactIfWorthIt() {
    int slots = keys.slots();
    IntUnaryOperator moved = keys.compactIfWorthIt();
    if (moved != null) {
      int[] rows = filled(rowOf.length);
      long[] touched = touchedMillis == null ? null : new long[touchedMillis.length];
      for (int slot = 0; slot < slots; slot++) {
        int to = moved.applyAsInt(slot);
        if (to >= 0) {
          rows[to] = rowOf[slot];
          if (touched != null) {
            touched[to] = touchedMillis[slot];
          }
        }
      }
      rowOf = rows;
      touchedMillis = touched;
    }
    RowArena arena = held.arena();
    if (!arena.worthCompacting()) {
      return;
    }
    RowArena.Compaction compaction = arena.compaction();
    for (int slot = 0; slot < keys.slots(); slot++) {
      if (keys.isLive(slot)) {
        rowOf[slot] = compaction.move(rowOf[slot]);
      }
    }
    compaction.finish();
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    held.arena().snapshot(out);
    keys.snapshot(out);
    out.writeInts(rowOf, keys.slots());
    out.writeBoolean(touchedMillis != null);
    if (touchedMillis != null) {
      out.writeLongs(touchedMillis, keys.slots());
    }
    out.writeLong(nextExpiry);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    held.arena().restore(in);
    keys.restore(in);
    int[] rows = in.readInts();
    rowOf = filled(Math.max(1024, rows.length));
    System.arraycopy(rows, 0, rowOf, 0, rows.length);
    if (in.readBoolean()) {
      long[] touched = in.readLongs();
      touchedMillis = Arrays.copyOf(touched, rowOf.length);
    }
    nextExpiry = in.readLong();
  }

  @Override
  public void close() {
    if (held != null) {
      held.close();
    }
    if (keys != null) {
      keys.close();
    }
  }
}
