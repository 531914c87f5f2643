package dev.weir.sql.session;

import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import dev.weir.engine.runtime.Job;
import dev.weir.engine.runtime.ResultStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The result of a running query: as Arrow batches ({@link #nextBatch()}) or as rows (iteration).
 * Closing it stops the query and releases its memory.
 *
 * <p>An updating result ({@link #isChangelog()}) is a changelog: its batches carry each row's kind
 * ({@link RowKind}) in one more column after the result's columns, and its rows say their kind.
 */
public final class QueryResult implements Iterable<Row>, AutoCloseable {
  private final List<String> columnNames;
  private final List<DataType> columnTypes;
  private final ResultStream stream;
  private final boolean changelog;

  QueryResult(List<String> columnNames, List<DataType> columnTypes, ResultStream stream, boolean changelog) {
    this.columnNames = List.copyOf(columnNames);
    this.columnTypes = List.copyOf(columnTypes);
    this.stream = stream;
    this.changelog = changelog;
  }

  /** Whether rows are changes (+I, -U, +U, -D) rather than only inserts. */
  public boolean isChangelog() {
    return changelog;
  }

  /** The kind of row {@code row} of a result batch: its row-kind column, or +I when it has none. */
  public static RowKind kind(VectorSchemaRoot batch, int row) {
    List<FieldVector> vectors = batch.getFieldVectors();
    FieldVector last = vectors.get(vectors.size() - 1);
    return last.getName().equals(RowKind.COLUMN) ? RowKind.of(((TinyIntVector) last).get(row)) : RowKind.INSERT;
  }

  /** The data vectors of a result batch, without a changelog's row-kind column. */
  public static List<FieldVector> dataVectors(VectorSchemaRoot batch) {
    List<FieldVector> vectors = batch.getFieldVectors();
    return vectors.get(vectors.size() - 1).getName().equals(RowKind.COLUMN)
        ? vectors.subList(0, vectors.size() - 1) : vectors;
  }

  public List<String> columnNames() {
    return columnNames;
  }

  public List<DataType> columnTypes() {
    return columnTypes;
  }

  /** The running job, for its metrics. */
  public Job job() {
    return stream.job();
  }

  /** The next batch, which the caller must close; null at the end of the result. Blocks until one arrives. */
  public VectorSchemaRoot nextBatch() throws InterruptedException {
    return stream.next();
  }

  /** The next batch if one arrives within the timeout, else null; {@link #isFinished()} tells the end. */
  public VectorSchemaRoot pollBatch(long timeout, TimeUnit unit) throws InterruptedException {
    return stream.poll(timeout, unit);
  }

  public boolean isFinished() {
    return stream.isFinished();
  }

  /** The rows of a batch as plain values. */
  public static List<Row> rows(VectorSchemaRoot batch) {
    List<Row> rows = new ArrayList<>(batch.getRowCount());
    List<FieldVector> vectors = dataVectors(batch);
    for (int r = 0; r < batch.getRowCount(); r++) {
      List<Object> values = new ArrayList<>(vectors.size());
      for (FieldVector v : vectors) {
        values.add(Values.get(v, r));
      }
      rows.add(new Row(kind(batch, r).shortString(), values));
    }
    return rows;
  }

  /** Reads the whole result (for bounded queries). */
  public List<Row> toList() {
    List<Row> all = new ArrayList<>();
    forEach(all::add);
    return all;
  }

  @Override
  public Iterator<Row> iterator() {
    return new Iterator<>() {
      private Iterator<Row> current = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          VectorSchemaRoot batch;
          try {
            batch = nextBatch();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a query result", e);
          }
          if (batch == null) {
            return false;
          }
          try (batch) {
            current = rows(batch).iterator();
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  @Override
  public void close() {
    stream.close();
  }
}
