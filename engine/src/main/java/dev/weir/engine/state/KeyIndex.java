package dev.weir.engine.state;

import dev.weir.engine.batch.Batches;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The keys of a keyed operator's state (its groups, partitions), each with a dense slot number
 * the operator indexes its own per-key state by. Keys are kept in Arrow vectors (slot {@code i}'s
 * key at row {@code i}) and found through an open-addressing table of slot numbers and hashes:
 * looking a row's key up reads its values from the batch's vectors, with no object per row.
 *
 * <p>Removing a key frees its slot for nothing until {@link #compactIfWorthIt} renumbers the live
 * slots densely (telling the operator how, so it can move its own state) once most are free. The
 * key vectors are also what a snapshot of the state writes, as they are.
 */
public final class KeyIndex implements AutoCloseable {
  private final Schema schema;
  private final BufferAllocator allocator;
  private VectorSchemaRoot keys;
  private int size;
  private int live;
  private int[] hashes = new int[64];
  private final BitSet removed = new BitSet();
  /**
   * Open addressing: per entry the key's hash in the high half and slot + 1 in the low half, or 0
   * for empty; a probe passes other keys by their hash without reading {@link #hashes} or the keys.
   */
  private long[] table = new long[128];

  /** The keys of {@code columns} of rows of {@code input}: the index's key schema is those columns' fields. */
  public static KeyIndex of(Schema input, int[] columns, BufferAllocator allocator) {
    List<Field> fields = new ArrayList<>();
    for (int c : columns) {
      fields.add(input.getFields().get(c));
    }
    return new KeyIndex(new Schema(fields), allocator);
  }

  /** @param schema the key columns, in the order lookups give them */
  public KeyIndex(Schema schema, BufferAllocator allocator) {
    this.schema = schema;
    this.allocator = allocator;
    this.keys = newKeys();
  }

  private VectorSchemaRoot newKeys() {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    return root;
  }

  /** The number of slots handed out since the last compaction, removed ones included. */
  public int slots() {
    return size;
  }

  /** The number of keys held. */
  public int size() {
    return live;
  }

  public boolean isLive(int slot) {
    return slot < size && !removed.get(slot);
  }

  /** The key vectors: slot {@code i}'s key is at row {@code i}. */
  public VectorSchemaRoot keys() {
    return keys;
  }

  /**
   * Looks keys up in a batch: one per batch, as it compares with the batch's vectors.
   *
   * @param columns the batch's key columns, in key order
   */
  public Lookup lookup(VectorSchemaRoot batch, int[] columns) {
    return new Lookup(batch, columns);
  }

  /** Finds, and adds, the keys of one batch's rows. */
  public final class Lookup {
    private final VectorSchemaRoot batch;
    private final int[] columns;
    private final RangeEqualsVisitor[] equals;
    private final Range range = new Range(0, 0, 1);
    private VectorSchemaRoot comparedWith;
    /**
     * Whether every key column holds eight-byte values (BIGINT, TIMESTAMP, DOUBLE, ...), the common
     * case: then keys are hashed and compared by reading the buffers by address.
     */
    private final boolean longs;
    private final long[] batchData;
    private final long[] batchValidity;
    private final long[] keyData;
    private final long[] keyValidity;

    private Lookup(VectorSchemaRoot batch, int[] columns) {
      this.batch = batch;
      this.columns = columns.clone();
      this.equals = new RangeEqualsVisitor[columns.length];
      boolean allLongs = true;
      for (int c : columns) {
        allLongs &= isLong(batch.getVector(c));
      }
      this.longs = allLongs;
      this.batchData = new long[columns.length];
      this.batchValidity = new long[columns.length];
      this.keyData = new long[columns.length];
      this.keyValidity = new long[columns.length];
      if (longs) {
        for (int k = 0; k < columns.length; k++) {
          BaseFixedWidthVector v = (BaseFixedWidthVector) batch.getVector(columns[k]);
          batchData[k] = v.getDataBuffer().memoryAddress();
          batchValidity[k] = v.getValidityBuffer().memoryAddress();
        }
      }
    }

    /** Where the key vectors' buffers are now (they move when they grow, and when the index compacts). */
    private void locateKeys() {
      for (int k = 0; k < columns.length; k++) {
        BaseFixedWidthVector v = (BaseFixedWidthVector) keys.getVector(k);
        keyData[k] = v.getDataBuffer().memoryAddress();
        keyValidity[k] = v.getValidityBuffer().memoryAddress();
      }
      comparedWith = keys;
    }

    /** The slot of row {@code row}'s key, or -1 if it is not held. */
    public int find(int row) {
      return probe(row, hash(row), false);
    }

    /** The slot of row {@code row}'s key, added if new. */
    public int slotOf(int row) {
      return probe(row, hash(row), true);
    }

    private int hash(int row) {
      if (!longs) {
        return KeyIndex.hash(batch, columns, row);
      }
      int h = 1;
      for (int k = 0; k < columns.length; k++) {
        h = 31 * h + (Batches.isSet(batchValidity[k], row) ? longHash(MemoryUtil.getLong(batchData[k] + row * 8L)) : 0);
      }
      return mix(h);
    }

    private int probe(int row, int hash, boolean add) {
      int mask = table.length - 1;
      for (int i = hash & mask; ; i = (i + 1) & mask) {
        long entry = table[i];
        if (entry == 0) {
          return add ? insert(row, hash, i) : -1;
        }
        if ((int) (entry >>> 32) == hash) {
          int slot = (int) entry - 1;
          if (!removed.get(slot) && (longs ? equalLongs(slot, row) : equal(slot, row))) {
            return slot;
          }
        }
      }
    }

    private boolean equalLongs(int slot, int row) {
      if (comparedWith != keys) { // the key vectors are replaced when the index compacts
        locateKeys();
      }
      for (int k = 0; k < keyData.length; k++) {
        boolean mine = Batches.isSet(keyValidity[k], slot);
        if (mine != Batches.isSet(batchValidity[k], row)
            || mine && MemoryUtil.getLong(keyData[k] + slot * 8L) != MemoryUtil.getLong(batchData[k] + row * 8L)) {
          return false;
        }
      }
      return true;
    }

    private boolean equal(int slot, int row) {
      if (comparedWith != keys) { // the key vectors are replaced when the index compacts
        for (int k = 0; k < columns.length; k++) {
          equals[k] = new RangeEqualsVisitor(keys.getVector(k), batch.getVector(columns[k]),
              (a, b) -> a.getClass() == b.getClass());
        }
        comparedWith = keys;
      }
      range.setLeftStart(slot).setRightStart(row);
      for (RangeEqualsVisitor e : equals) {
        if (!e.rangeEquals(range)) {
          return false;
        }
      }
      return true;
    }

    private int insert(int row, int hash, int at) {
      int slot = size++;
      for (int k = 0; k < columns.length; k++) {
        keys.getVector(k).copyFromSafe(row, slot, batch.getVector(columns[k]));
      }
      keys.setRowCount(size);
      if (longs) {
        locateKeys(); // the copy may have grown the buffers
      }
      if (slot == hashes.length) {
        hashes = Arrays.copyOf(hashes, slot * 2);
      }
      hashes[slot] = hash;
      table[at] = entry(hash, slot);
      live++;
      if (size * 2 > table.length) {
        rehash(table.length * 2);
      }
      return slot;
    }
  }

  /** Whether a vector holds eight-byte values, which equal keys hold bit for bit. */
  private static boolean isLong(FieldVector v) {
    return v instanceof BaseFixedWidthVector f && f.getTypeWidth() == 8 && !(v instanceof BitVector);
  }

  private static int longHash(long value) {
    return mix((int) (value ^ (value >>> 32)));
  }

  /**
   * The hash of row {@code row}'s key (its values in {@code columns} of {@code batch}); equal keys
   * hash alike in any batch whose key columns have the same types. Each column's hash is mixed
   * before it is combined: keys such as (window start, window end) are correlated. Eight-byte
   * values are hashed from their bits (as {@link Lookup} does, reading them by address), others
   * by Arrow's hash of the value; NULL is 0.
   */
  public static int hash(VectorSchemaRoot batch, int[] columns, int row) {
    int h = 1;
    for (int c : columns) {
      FieldVector v = batch.getVector(c);
      int valueHash;
      if (isLong(v)) {
        valueHash = v.isNull(row) ? 0 : longHash(((BaseFixedWidthVector) v).getDataBuffer().getLong(row * 8L));
      } else {
        valueHash = mix(v.hashCode(row));
      }
      h = 31 * h + valueHash;
    }
    return mix(h);
  }

  /** Copies the keys of {@code slots} into the first key columns of {@code to}, row {@code r} from {@code slots.get(r)}. */
  public void copyKeys(IntList slots, VectorSchemaRoot to) {
    for (int k = 0; k < schema.getFields().size(); k++) {
      Batches.gather(keys.getVector(k), slots.elements(), slots.size(), to.getVector(k));
    }
  }

  /**
   * Moves an operator's per-slot state along a compaction: keeps the entries of the slots still
   * live, in order, so that entry {@code i} is new slot {@code i}'s.
   */
  public static <T> void renumber(List<T> perSlot, IntUnaryOperator moved) {
    List<T> kept = new ArrayList<>();
    for (int slot = 0; slot < perSlot.size(); slot++) {
      if (moved.applyAsInt(slot) >= 0) {
        kept.add(perSlot.get(slot));
      }
    }
    perSlot.clear();
    perSlot.addAll(kept);
  }

  /** MurmurHash3's finalizer: every input bit moves every output bit. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  /**
   * Writes the keys with their slots as they are (freed slots too, until a compaction). Their
   * hashes are written too, but a restore computes them again from the keys.
   */
  public void snapshot(StateWriter out) throws IOException {
    out.writeVectors(keys);
    out.writeInt(live);
    out.writeInts(hashes, size);
    out.writeBitSet(removed);
  }

  /** Replaces what this index holds by a snapshot's keys and slots. */
  public void restore(StateReader in) throws IOException {
    VectorSchemaRoot read = in.readVectors(schema, allocator);
    keys.close();
    keys = read;
    size = keys.getRowCount();
    live = in.readInt();
    in.readInts(); // the hashes as written; computed again, so that a snapshot does not depend on the hash function
    hashes = new int[Math.max(64, size)];
    int[] all = new int[schema.getFields().size()];
    Arrays.setAll(all, k -> k);
    for (int slot = 0; slot < size; slot++) {
      hashes[slot] = hash(keys, all, slot);
    }
    removed.clear();
    removed.or(in.readBitSet());
    rehash(Math.max(128, Integer.highestOneBit(Math.max(1, size)) << 2));
  }

  /** Frees a key's slot (its key stays until the next compaction, found by nothing). */
  public void remove(int slot) {
    if (!removed.get(slot)) {
      removed.set(slot);
      live--;
    }
  }

  private static long entry(int hash, int slot) {
    return (long) hash << 32 | (slot + 1L);
  }

  private void rehash(int capacity) {
    table = new long[capacity];
    int mask = capacity - 1;
    for (int slot = 0; slot < size; slot++) {
      if (removed.get(slot)) {
        continue;
      }
      int i = hashes[slot] & mask;
      while (table[i] != 0) {
        i = (i + 1) & mask;
      }
      table[i] = entry(hashes[slot], slot);
    }
  }

  /**
   * When most slots are free, renumbers the live ones densely from 0 in their order and returns
   * the mapping (old slot to new, -1 for a removed one) for the operator to move its own state by;
   * otherwise returns null and changes nothing.
   */
  public IntUnaryOperator compactIfWorthIt() {
    int free = size - live;
    if (free < 1024 || free < live) {
      return null;
    }
    int[] moved = new int[size];
    int[] kept = new int[live];
    int next = 0;
    for (int slot = 0; slot < size; slot++) {
      if (removed.get(slot)) {
        moved[slot] = -1;
        continue;
      }
      kept[next] = slot;
      hashes[next] = hashes[slot];
      moved[slot] = next++;
    }
    VectorSchemaRoot fresh = VectorSchemaRoot.create(schema, allocator);
    try {
      for (int k = 0; k < schema.getFields().size(); k++) {
        Batches.gather(keys.getVector(k), kept, next, fresh.getVector(k));
      }
      fresh.setRowCount(next);
    } catch (RuntimeException e) {
      fresh.close();
      throw e;
    }
    keys.close();
    keys = fresh;
    size = next;
    live = next;
    removed.clear();
    rehash(Math.max(128, Integer.highestOneBit(Math.max(1, next)) << 2));
    return slot -> moved[slot];
  }

  @Override
  public void close() {
    keys.close();
  }
}
