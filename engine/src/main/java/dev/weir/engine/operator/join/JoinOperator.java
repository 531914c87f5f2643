package dev.weir.engine.operator.join;

import dev.weir.engine.batch.Batches;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.aggregate.HashAggregateOperator;
import dev.weir.engine.operator.calc.CalcProgram;
import dev.weir.engine.state.IntList;
import dev.weir.engine.state.KeyIndex;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A streaming equi-join of input 0 (left) and input 1 (right), with an optional residual
 * condition, inner or outer on either side.
 *
 * <p>Each side's rows are kept in a {@link RowStore}. A batch from one side is joined in three
 * passes: every row's candidate partners are found in the other side's store by key; the joined
 * candidates are built column by column and the residual condition is evaluated over them at
 * once; then, row by row in input order, the state is updated and the changes are emitted.
 *
 * <ul>
 *   <li>A <em>regular</em> join keeps rows until they are retracted (or the state TTL forgets
 *       them). Over changelog inputs a retraction takes back its joined rows. An outer side's row
 *       without partners is emitted padded with NULLs at once and retracted when its first partner
 *       arrives (Flink's semantics), so an outer join's output is a changelog.
 *   <li>A <em>time-bounded</em> join (an interval join, or a window join) is over append-only
 *       inputs. A row expires once the watermark shows that no partner can come any more: its
 *       state is then freed, and an outer side's row that found no partner is emitted padded. The
 *       output is append-only, and its watermark trails the input's by the longest a kept row can
 *       lag, so joined rows are not late downstream.
 * </ul>
 */
public final class JoinOperator implements Operator {
  /** The counter of rows a regular join forgot after the state TTL. */
  public static final String EXPIRED_ROWS = "state-expired-join-rows";

  private static final byte NONE = 0;
  private static final byte JOINED = 1;
  private static final byte BATCH = 2;
  private static final byte STORE = 3;

  private final JoinSpec spec;
  private final JoinSpec.Side[] sides;
  private final LongSupplier clock;
  private final RowStore[] stores = new RowStore[2];
  private final Schema outputSchema;
  private final long scanStep;
  private CalcProgram residual;
  private OperatorContext context;
  private BufferAllocator allocator;
  private long watermark = Long.MIN_VALUE;
  private long emittedWatermark = Long.MIN_VALUE;
  private long nextScan = Long.MIN_VALUE;
  /** Which inputs have ended: rows of the other side then meet no new partners and need not be kept. */
  private final boolean[] ended = new boolean[2];

  public JoinOperator(JoinSpec spec) {
    this(spec, System::currentTimeMillis);
  }

  /** @param clock the processing time in milliseconds, for the state TTL */
  public JoinOperator(JoinSpec spec, LongSupplier clock) {
    this.spec = spec;
    this.sides = new JoinSpec.Side[] {spec.left(), spec.right()};
    this.clock = clock;
    List<Field> fields = new java.util.ArrayList<>(spec.joinedSchema().getFields());
    if (spec.changelog()) {
      fields.add(TableSchema.arrowSchema(List.of(RowKind.column())).getFields().get(0));
    }
    this.outputSchema = new Schema(fields);
    // an interval join sweeps expired rows at most this often (in event time: an eighth of its
    // interval, or a second when rows expire by a time of their own), and its emitted watermarks
    // allow for it; a window join frees each window as the watermark passes it
    this.scanStep = spec.windowed() ? 0 : spec.holdBackMillis() > 0 ? Math.max(1, spec.holdBackMillis() / 8) : 1000;
  }

  /** The output: the joined columns, then the row kind when the output is a changelog. */
  public Schema outputSchema() {
    return outputSchema;
  }

  /** How many rows of input {@code side} are kept now (for tests and metrics). */
  int keptRows(int side) {
    return stores[side].live();
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.allocator = context.allocator();
    this.residual = spec.residual() == null ? null : spec.residual().get();
    for (int s = 0; s < 2; s++) {
      stores[s] = new RowStore(sides[s].schema(), sides[s].keys(), allocator);
    }
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    try (batch) {
      expireByTtl();
      join(input, batch, out);
    }
  }

  private void join(int input, VectorSchemaRoot batch, Output out) {
    JoinSpec.Side me = sides[input];
    RowStore theirs = stores[1 - input];
    int n = batch.getRowCount();
    TinyIntVector kinds = me.rowKindColumn() >= 0 ? (TinyIntVector) batch.getVector(me.rowKindColumn()) : null;
    TimeStampVector times = me.timeColumn() >= 0 ? (TimeStampVector) batch.getVector(me.timeColumn()) : null;

    // 1: each row's candidate partners, by key
    int[] hashes = new int[n];
    boolean[] skip = new boolean[n];
    long[] expiry = new long[n];
    int[] start = new int[n + 1];
    IntList probeRows = new IntList();
    IntList partners = new IntList();
    RowStore.Matcher keys = theirs.keyMatcher(batch, me.keys());
    long late = 0;
    for (int i = 0; i < n; i++) {
      start[i] = partners.size();
      hashes[i] = KeyIndex.hash(batch, me.keys(), i); // as the other side's rows were hashed by their own columns
      expiry[i] = Long.MAX_VALUE;
      if (times != null) {
        expiry[i] = times.isNull(i) ? Long.MIN_VALUE : times.get(i) + me.expiryDelta();
        if (spec.windowed() && expiry[i] <= watermark) {
          skip[i] = true;
          late++;
          continue;
        }
      }
      if (expiry[i] == Long.MIN_VALUE || RowStore.hasNullKey(batch, me.keys(), i)) {
        continue; // no time or a NULL key: no partner, ever
      }
      for (int j = theirs.first(hashes[i]); j >= 0; j = theirs.next(j)) {
        if (theirs.isLive(j) && theirs.hashOf(j) == hashes[i] && (times == null || theirs.expiry(j) > watermark)
            && keys.equal(j, i)) {
          probeRows.add(i);
          partners.add(j);
        }
      }
    }
    start[n] = partners.size();
    if (late > 0) {
      context.metrics().increment(HashAggregateOperator.LATE_ROWS, late);
    }

    // 2: the candidates joined, and the residual condition over all of them
    try (VectorSchemaRoot joined = joined(input, batch, probeRows, partners);
        VectorSchemaRoot verdict = residual == null || partners.size() == 0 ? null : residual.apply(joined, allocator)) {
      BitVector pass = verdict == null ? null : (BitVector) verdict.getVector(0);

      // 3: state and changes, in input order
      Changes changes = new Changes(joined, batch, input);
      RowStore mine = stores[input];
      RowStore.Matcher sameRow = kinds == null ? null : mine.rowMatcher(batch);
      for (int i = 0; i < n; i++) {
        if (skip[i]) {
          continue;
        }
        boolean accumulate = kinds == null || RowKind.of(kinds.get(i)).isAccumulate();
        int stored = accumulate ? -1 : find(mine, sameRow, hashes[i], i);
        if (!accumulate && stored < 0) {
          continue; // retracting a row never kept (filtered upstream, or forgotten after the TTL): no change
        }
        int found = 0;
        for (int k = start[i]; k < start[i + 1]; k++) {
          if (pass != null && (pass.isNull(k) || pass.get(k) == 0)) {
            continue;
          }
          found++;
          int partner = partners.get(k);
          if (accumulate) {
            if (sides[1 - input].preserved() && !spec.timeBounded() && theirs.matches(partner) == 0) {
              changes.padded(1 - input, STORE, partner, RowKind.DELETE);
            }
            theirs.addMatches(partner, 1);
            changes.joined(k, RowKind.INSERT);
          } else {
            changes.joined(k, RowKind.DELETE);
            if (theirs.addMatches(partner, -1) == 0 && sides[1 - input].preserved()) {
              changes.padded(1 - input, STORE, partner, RowKind.INSERT);
            }
          }
        }
        if (accumulate) {
          keep(input, batch, i, hashes[i], expiry[i], found, changes);
        } else {
          mine.remove(stored);
          if (me.preserved() && found == 0) {
            changes.padded(input, BATCH, i, RowKind.DELETE);
          }
        }
      }
      changes.emit(out);
    }
  }

  /** Stores a new row (unless it can have no partner), or emits it padded when that is its last chance. */
  private void keep(int input, VectorSchemaRoot batch, int row, int hash, long expiresAt, int found, Changes changes) {
    JoinSpec.Side me = sides[input];
    boolean canMatch = expiresAt != Long.MIN_VALUE && !RowStore.hasNullKey(batch, me.keys(), row);
    boolean expired = spec.timeBounded() && expiresAt <= watermark;
    if (spec.timeBounded() && (!canMatch || expired)) {
      if (me.preserved() && found == 0) {
        changes.padded(input, BATCH, row, RowKind.INSERT);
      }
      return;
    }
    if (me.preserved() && found == 0 && (!spec.timeBounded() || ended[1 - input])) {
      changes.padded(input, BATCH, row, RowKind.INSERT);
    }
    if (ended[1 - input] && me.rowKindColumn() < 0) {
      return; // no partner can come, and no retraction will look for it
    }
    if (!canMatch && !(me.preserved() && me.rowKindColumn() >= 0)) {
      return; // kept only if a retraction may still have to take its padded row back
    }
    int index = stores[input].add(batch, row, hash, expiresAt, clock.getAsLong());
    stores[input].addMatches(index, found);
  }

  /** The stored row equal to a retraction's row, or -1 (a row never seen: filtered upstream, say). */
  private static int find(RowStore store, RowStore.Matcher sameRow, int hash, int row) {
    for (int j = store.first(hash); j >= 0; j = store.next(j)) {
      if (store.isLive(j) && store.hashOf(j) == hash && sameRow.equal(j, row)) {
        return j;
      }
    }
    return -1;
  }

  /** The candidate pairs as joined rows: left's columns, then right's. */
  private VectorSchemaRoot joined(int input, VectorSchemaRoot batch, IntList probeRows, IntList partners) {
    VectorSchemaRoot joined = VectorSchemaRoot.create(spec.joinedSchema(), allocator);
    try {
      int column = 0; // every column is gathered from one side
      for (int s = 0; s < 2; s++) {
        boolean fromBatch = s == input;
        IntList rows = fromBatch ? probeRows : partners;
        VectorSchemaRoot source = fromBatch ? batch : stores[s].rows();
        for (int c = 0; c < sides[s].width(); c++, column++) {
          Batches.gather(source.getVector(c), rows.elements(), rows.size(), joined.getVector(column));
        }
      }
      joined.setRowCount(partners.size());
      return joined;
    } catch (RuntimeException e) {
      joined.close();
      throw e;
    }
  }

  @Override
  public void onWatermark(long timestamp, Output out) {
    watermark = timestamp;
    if (spec.timeBounded() && (timestamp >= nextScan || timestamp == Long.MAX_VALUE)) {
      nextScan = timestamp + scanStep;
      expireByTime(timestamp, out);
    }
    long holdBack = spec.timeBounded() ? spec.holdBackMillis() + scanStep : 0;
    long trailing = timestamp == Long.MAX_VALUE || timestamp == Long.MIN_VALUE ? timestamp : timestamp - holdBack;
    if (trailing > emittedWatermark) {
      emittedWatermark = trailing;
      out.emitWatermark(trailing);
    }
  }

  /** Frees the rows that can get no more partners; emits an outer side's unmatched ones, padded. */
  private void expireByTime(long until, Output out) {
    for (int s = 0; s < 2; s++) {
      RowStore store = stores[s];
      int side = s;
      Changes changes = new Changes(null, null, -1);
      store.expire(until, row -> {
        if (sides[side].preserved() && store.matches(row) == 0) {
          changes.padded(side, STORE, row, RowKind.INSERT);
        }
      });
      changes.emit(out);
      store.compactIfWorthIt();
    }
  }

  private void expireByTtl() {
    if (spec.stateTtlMillis() <= 0) {
      return;
    }
    long cutoff = clock.getAsLong() - spec.stateTtlMillis();
    for (RowStore store : stores) {
      int removed = store.expireInsertedBefore(cutoff);
      if (removed > 0) {
        context.metrics().increment(EXPIRED_ROWS, removed);
        store.compactIfWorthIt();
      }
    }
  }

  /**
   * One side ended (a bounded table joined with a stream, say): the other side's rows will meet no
   * new partners, so they are let go (emitted padded first when they are an outer side's and
   * still unmatched, in a time-bounded join) unless they are a changelog's, whose retractions must
   * find them; and new ones are no longer kept.
   */
  @Override
  public void onInputEnded(int input, Output out) {
    ended[input] = true;
    int other = 1 - input;
    if (sides[other].rowKindColumn() >= 0) {
      return;
    }
    RowStore store = stores[other];
    Changes changes = new Changes(null, null, -1);
    store.expire(Long.MAX_VALUE, row -> {
      if (sides[other].preserved() && spec.timeBounded() && store.matches(row) == 0) {
        changes.padded(other, STORE, row, RowKind.INSERT);
      }
    });
    changes.emit(out);
    store.compactIfWorthIt();
  }

  @Override
  public void onEndOfInput(Output out) {
    if (spec.timeBounded()) {
      expireByTime(Long.MAX_VALUE, out);
    }
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    for (RowStore store : stores) {
      store.snapshot(out);
    }
    out.writeLong(watermark);
    out.writeLong(emittedWatermark);
    out.writeLong(nextScan);
    out.writeBoolean(ended[0]);
    out.writeBoolean(ended[1]);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    for (RowStore store : stores) {
      store.restore(in);
    }
    watermark = in.readLong();
    emittedWatermark = in.readLong();
    nextScan = in.readLong();
    ended[0] = in.readBoolean();
    ended[1] = in.readBoolean();
  }

  @Override
  public void close() {
    for (RowStore store : stores) {
      if (store != null) {
        store.close();
      }
    }
  }

  /**
   * The changes one step emits, collected as where each output row's two halves come from (a
   * joined candidate, a row of the input batch, a stored row, or NULLs), then written column by
   * column.
   */
  private final class Changes {
    private final VectorSchemaRoot joined;
    private final VectorSchemaRoot batch;
    private final int batchSide;
    private final IntList[] from = {new IntList(), new IntList()};
    private final IntList[] row = {new IntList(), new IntList()};
    private final IntList kinds = new IntList();
    /** Whether the output is exactly the joined candidates, in order (then they are emitted as they are). */
    private boolean allJoinedInOrder = true;

    Changes(VectorSchemaRoot joined, VectorSchemaRoot batch, int batchSide) {
      this.joined = joined;
      this.batch = batch;
      this.batchSide = batchSide;
    }

    void joined(int candidate, RowKind kind) {
      allJoinedInOrder &= candidate == kinds.size() && kind == RowKind.INSERT;
      for (int s = 0; s < 2; s++) {
        from[s].add(JOINED);
        row[s].add(candidate);
      }
      kinds.add(kind.code());
    }

    /** Side {@code side}'s row {@code index} (of the batch or of its store), the other side NULL. */
    void padded(int side, byte source, int index, RowKind kind) {
      allJoinedInOrder = false;
      from[side].add(source);
      row[side].add(index);
      from[1 - side].add(NONE);
      row[1 - side].add(-1);
      kinds.add(kind.code());
    }

    void emit(Output out) {
      int n = kinds.size();
      if (n == 0) {
        return;
      }
      if (allJoinedInOrder && !spec.changelog() && n == joined.getRowCount()) {
        out.emit(transfer(joined));
        return;
      }
      VectorSchemaRoot result = VectorSchemaRoot.create(outputSchema, allocator);
      try {
        result.allocateNew();
        int column = 0;
        for (int s = 0; s < 2; s++) {
          for (int c = 0; c < sides[s].width(); c++, column++) {
            FieldVector to = result.getVector(column);
            FieldVector fromJoined = joined == null ? null : joined.getVector(column);
            FieldVector fromBatch = s == batchSide ? batch.getVector(c) : null;
            FieldVector fromStore = stores[s].rows().getVector(c);
            for (int r = 0; r < n; r++) {
              switch (from[s].get(r)) {
                case JOINED -> to.copyFromSafe(row[s].get(r), r, fromJoined);
                case BATCH -> to.copyFromSafe(row[s].get(r), r, fromBatch);
                case STORE -> to.copyFromSafe(row[s].get(r), r, fromStore);
                default -> { } // NULL: left unset
              }
            }
          }
        }
        if (spec.changelog()) {
          TinyIntVector kind = (TinyIntVector) result.getVector(column);
          for (int r = 0; r < n; r++) {
            kind.setSafe(r, (byte) kinds.get(r));
          }
        }
        result.setRowCount(n);
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
      out.emit(result);
    }

    /** The joined candidates moved into a batch the output owns (the caller closes {@code joined}). */
    private VectorSchemaRoot transfer(VectorSchemaRoot source) {
      VectorSchemaRoot moved = VectorSchemaRoot.create(source.getSchema(), allocator);
      for (int c = 0; c < source.getFieldVectors().size(); c++) {
        source.getVector(c).makeTransferPair(moved.getVector(c)).transfer();
      }
      moved.setRowCount(source.getRowCount());
      return moved;
    }
  }
}
