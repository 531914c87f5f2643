package dev.weir.engine.state;

import dev.weir.engine.batch.Batches;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows an operator holds (a top-N's partitions, a session's rows, rows waiting for the
 * watermark), appended into Arrow vectors and named by their row number. Rows the operator lets
 * go are only counted; once they are most of the arena, the operator moves the rows it still
 * holds into a fresh one ({@link #compaction}), renumbering them as it goes.
 */
public final class RowArena implements AutoCloseable {
  private final Schema schema;
  private final BufferAllocator allocator;
  private VectorSchemaRoot rows;
  private int size;
  private int freed;

  /** @param schema the rows' columns: the first columns of the batches rows are added from */
  public RowArena(Schema schema, BufferAllocator allocator) {
    this.schema = schema;
    this.allocator = allocator;
    this.rows = create();
  }

  private VectorSchemaRoot create() {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    return root;
  }

  /** Copies row {@code row} of {@code batch} in; returns its number here. */
  public int add(VectorSchemaRoot batch, int row) {
    int index = size++;
    for (int c = 0; c < schema.getFields().size(); c++) {
      rows.getVector(c).copyFromSafe(row, index, batch.getVector(c));
    }
    rows.setRowCount(size);
    return index;
  }

  /** The rows: row number {@code i} is row {@code i} of these vectors. */
  public VectorSchemaRoot rows() {
    return rows;
  }

  /** Counts {@code n} rows as let go. */
  public void free(int n) {
    freed += n;
  }

  /** Whether the rows let go are most of the arena (and enough to be worth copying the rest). */
  public boolean worthCompacting() {
    return freed >= 1024 && freed >= size - freed;
  }

  /** Starts moving the rows still held into fresh vectors: {@link Compaction#move} each, then {@link Compaction#finish}. */
  public Compaction compaction() {
    return new Compaction();
  }

  /** A compaction in progress: the rows moved are copied together when it finishes, into vectors sized once. */
  public final class Compaction {
    private final IntList moved = new IntList();

    private Compaction() {}

    /** Moves row {@code row}; returns its new number. */
    public int move(int row) {
      moved.add(row);
      return moved.size() - 1;
    }

    /** Replaces the arena's rows with the moved ones. */
    public void finish() {
      VectorSchemaRoot fresh = VectorSchemaRoot.create(schema, allocator);
      try {
        for (int c = 0; c < schema.getFields().size(); c++) {
          Batches.gather(rows.getVector(c), moved.elements(), moved.size(), fresh.getVector(c));
        }
        fresh.setRowCount(moved.size());
      } catch (RuntimeException e) {
        fresh.close();
        throw e;
      }
      rows.close();
      rows = fresh;
      size = moved.size();
      freed = 0;
    }
  }

  /** Writes the rows, those let go included (they are only counted as such). */
  public void snapshot(StateWriter out) throws IOException {
    out.writeVectors(rows);
    out.writeInt(freed);
  }

  /** Replaces the rows by a snapshot's, with their numbers. */
  public void restore(StateReader in) throws IOException {
    VectorSchemaRoot read = in.readVectors(schema, allocator);
    rows.close();
    rows = read;
    size = rows.getRowCount();
    freed = in.readInt();
  }

  @Override
  public void close() {
    rows.close();
  }
}
