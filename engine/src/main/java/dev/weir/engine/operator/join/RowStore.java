package dev.weir.engine.operator.join;

import dev.weir.engine.batch.Batches;
import dev.weir.engine.state.KeyIndex;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One side of a join's state: its rows, kept columnar in Arrow vectors, and a hash index from
 * their join key to them. No object per row: the index is arrays of row numbers (a chain per
 * bucket), and per-row bookkeeping (key hash, expiry time, insertion time, partner count) is
 * primitive arrays.
 *
 * <p>Removing a row only marks it dead; probes skip dead rows. When dead rows outnumber the live
 * ones, {@link #compactIfWorthIt} copies the live rows into fresh vectors and rebuilds the index,
 * so a store that keeps only a window or an interval of time stays as large as that, not as large
 * as everything it ever held.
 */
final class RowStore implements AutoCloseable {
  private static final int NONE = -1;

  private final Schema schema;
  private final int[] keys;
  private final BufferAllocator allocator;
  private VectorSchemaRoot rows;
  /** Rows appended since the last compaction, dead ones included. */
  private int size;
  private int live;
  private int[] hashes = new int[0];
  private long[] expiry = new long[0];
  private long[] inserted = new long[0];
  private int[] matches = new int[0];
  private int[] next = new int[0];
  private final BitSet dead = new BitSet();
  private int[] heads;
  private int[] tails;
  /** The smallest expiry of a live row, or Long.MAX_VALUE. */
  private long minExpiry = Long.MAX_VALUE;
  /** Rows before this one are dead (TTL expiry sweeps from the front, in insertion order). */
  private int firstMaybeLive;

  /**
   * @param schema the side's data columns
   * @param keys the columns of the join key
   */
  RowStore(Schema schema, int[] keys, BufferAllocator allocator) {
    this.schema = schema;
    this.keys = keys;
    this.allocator = allocator;
    this.rows = newRoot();
    resizeIndex(64);
  }

  private VectorSchemaRoot newRoot() {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    return root;
  }

  int live() {
    return live;
  }

  VectorSchemaRoot rows() {
    return rows;
  }

  long minExpiry() {
    return minExpiry;
  }

  /** Whether row {@code row}'s key has a NULL, which equals nothing in SQL. */
  static boolean hasNullKey(VectorSchemaRoot batch, int[] keys, int row) {
    for (int k : keys) {
      if (batch.getVector(k).isNull(row)) {
        return true;
      }
    }
    return false;
  }

  /** Appends row {@code row} of {@code batch} (whose first columns are this side's); returns its number here. */
  int add(VectorSchemaRoot batch, int row, int hash, long expiresAt, long now) {
    int index = size++;
    ensureCapacity(size);
    List<FieldVector> to = rows.getFieldVectors();
    for (int c = 0; c < to.size(); c++) {
      to.get(c).copyFromSafe(row, index, batch.getVector(c));
    }
    rows.setRowCount(size);
    hashes[index] = hash;
    expiry[index] = expiresAt;
    inserted[index] = now;
    matches[index] = 0;
    link(index);
    live++;
    minExpiry = Math.min(minExpiry, expiresAt);
    if (size > heads.length / 2) {
      resizeIndex(heads.length * 2);
    }
    return index;
  }

  private void ensureCapacity(int n) {
    if (n > hashes.length) {
      int capacity = Math.max(64, Integer.highestOneBit(n - 1) << 1);
      hashes = Arrays.copyOf(hashes, capacity);
      expiry = Arrays.copyOf(expiry, capacity);
      inserted = Arrays.copyOf(inserted, capacity);
      matches = Arrays.copyOf(matches, capacity);
      next = Arrays.copyOf(next, capacity);
    }
  }

  private void link(int index) {
    int bucket = hashes[index] & (heads.length - 1);
    next[index] = NONE;
    if (heads[bucket] == NONE) {
      heads[bucket] = index;
    } else {
      next[tails[bucket]] = index;
    }
    tails[bucket] = index;
  }

  private void resizeIndex(int capacity) {
    heads = new int[capacity];
    tails = new int[capacity];
    Arrays.fill(heads, NONE);
    for (int i = 0; i < size; i++) {
      if (!dead.get(i)) {
        link(i);
      }
    }
  }

  /** The first row of the chain {@code hash} falls in (rows of other keys included), or -1. */
  int first(int hash) {
    return heads[hash & (heads.length - 1)];
  }

  /** The row after {@code row} in its chain, or -1. */
  int next(int row) {
    return next[row];
  }

  boolean isLive(int row) {
    return !dead.get(row);
  }

  int hashOf(int row) {
    return hashes[row];
  }

  long expiry(int row) {
    return expiry[row];
  }

  int matches(int row) {
    return matches[row];
  }

  /** Changes a row's count of partners by {@code delta}; returns the new count. */
  int addMatches(int row, int delta) {
    return matches[row] += delta;
  }

  void remove(int row) {
    if (!dead.get(row)) {
      dead.set(row);
      live--;
    }
  }

  /**
   * Compares stored rows with rows of a batch, column by column (NULL equal to NULL: callers
   * keep NULL keys out of matching). One per batch, as it holds the batch's vectors.
   */
  final class Matcher {
    private final RangeEqualsVisitor[] visitors;
    private final Range range = new Range(0, 0, 1);

    /** Compares this store's columns {@code mine} with {@code theirs} of {@code batch}. */
    Matcher(int[] mine, VectorSchemaRoot batch, int[] theirs) {
      visitors = new RangeEqualsVisitor[mine.length];
      for (int i = 0; i < mine.length; i++) {
        visitors[i] = new RangeEqualsVisitor(rows.getVector(mine[i]), batch.getVector(theirs[i]),
            (a, b) -> a.getClass() == b.getClass());
      }
    }

    boolean equal(int storedRow, int batchRow) {
      range.setLeftStart(storedRow).setRightStart(batchRow);
      for (RangeEqualsVisitor v : visitors) {
        if (!v.rangeEquals(range)) {
          return false;
        }
      }
      return true;
    }
  }

  /** A matcher of this store's key columns against a partner batch's key columns. */
  Matcher keyMatcher(VectorSchemaRoot batch, int[] batchKeys) {
    return new Matcher(keys, batch, batchKeys);
  }

  /** A matcher of whole rows against rows of a batch of this side (to find the row a retraction takes back). */
  Matcher rowMatcher(VectorSchemaRoot batch) {
    int[] all = new int[schema.getFields().size()];
    Arrays.setAll(all, i -> i);
    return new Matcher(all, batch, all);
  }

  /** Calls {@code action} on, and removes, every live row whose expiry is at or before {@code watermark}. */
  void expire(long watermark, java.util.function.IntConsumer action) {
    if (watermark < minExpiry) {
      return;
    }
    long min = Long.MAX_VALUE;
    for (int i = dead.nextClearBit(firstMaybeLive); i < size; i = dead.nextClearBit(i + 1)) {
      if (expiry[i] <= watermark) {
        action.accept(i);
        remove(i);
      } else {
        min = Math.min(min, expiry[i]);
      }
    }
    minExpiry = min;
  }

  /** Removes the rows inserted at or before {@code cutoff} (processing time); returns how many. */
  int expireInsertedBefore(long cutoff) {
    int removed = 0;
    int i = dead.nextClearBit(firstMaybeLive);
    for (; i < size && inserted[i] <= cutoff; i = dead.nextClearBit(i + 1)) {
      remove(i);
      removed++;
    }
    firstMaybeLive = i;
    return removed;
  }

  /** Copies the live rows into fresh vectors when the dead ones are most of the store. */
  void compactIfWorthIt() {
    int deadRows = size - live;
    if (deadRows < 1024 || deadRows < live) {
      return;
    }
    VectorSchemaRoot fresh = newRoot();
    int[] keep = new int[live];
    for (int i = dead.nextClearBit(0), k = 0; i < size; i = dead.nextClearBit(i + 1)) {
      keep[k++] = i;
    }
    try {
      for (int c = 0; c < schema.getFields().size(); c++) {
        Batches.gather(rows.getVector(c), keep, keep.length, fresh.getVector(c));
      }
      fresh.setRowCount(keep.length);
    } catch (RuntimeException e) {
      fresh.close();
      throw e;
    }
    for (int k = 0; k < keep.length; k++) {
      hashes[k] = hashes[keep[k]];
      expiry[k] = expiry[keep[k]];
      inserted[k] = inserted[keep[k]];
      matches[k] = matches[keep[k]];
    }
    rows.close();
    rows = fresh;
    size = keep.length;
    dead.clear();
    firstMaybeLive = 0;
    resizeIndex(Math.max(64, Integer.highestOneBit(Math.max(1, size)) << 2));
  }

  /** Writes the rows (dead ones too, until a compaction) and their bookkeeping; the index is rebuilt on restore. */
  void snapshot(StateWriter out) throws IOException {
    out.writeVectors(rows);
    out.writeInt(live);
    out.writeInts(hashes, size);
    out.writeLongs(expiry, size);
    out.writeLongs(inserted, size);
    out.writeInts(matches, size);
    out.writeBitSet(dead);
    out.writeLong(minExpiry);
    out.writeInt(firstMaybeLive);
  }

  void restore(StateReader in) throws IOException {
    VectorSchemaRoot read = in.readVectors(schema, allocator);
    rows.close();
    rows = read;
    size = rows.getRowCount();
    live = in.readInt();
    int capacity = Math.max(64, Integer.highestOneBit(Math.max(1, size)) << 1);
    in.readInts(); // the hashes as written; computed again, so that a snapshot does not depend on the hash function
    hashes = new int[capacity];
    for (int i = 0; i < size; i++) {
      hashes[i] = KeyIndex.hash(rows, keys, i);
    }
    expiry = Arrays.copyOf(in.readLongs(), capacity);
    inserted = Arrays.copyOf(in.readLongs(), capacity);
    matches = Arrays.copyOf(in.readInts(), capacity);
    next = new int[capacity];
    dead.clear();
    dead.or(in.readBitSet());
    minExpiry = in.readLong();
    firstMaybeLive = in.readInt();
    resizeIndex(Math.max(64, Integer.highestOneBit(Math.max(1, size)) << 2));
  }

  @Override
  public void close() {
    rows.close();
  }
}
