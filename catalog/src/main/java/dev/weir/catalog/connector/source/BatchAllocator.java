package dev.weir.catalog.connector.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A reader's maker of empty batches, sized by what its earlier batches held. Arrow gives a new
 * string or bytes column eight bytes a value; a column of 80-byte URLs then regrows its data
 * buffer, copying it, several times per batch. This remembers each variable-width column's bytes
 * per value from the batches the reader {@linkplain #learn filled}, and allocates that much (and
 * a little more) from the start. One per reader; not thread-safe.
 */
public final class BatchAllocator {
  /** Room beyond the average, so that a batch of slightly longer values still fits at once. */
  private static final double HEADROOM = 1.2;

  private final Schema schema;
  private final BufferAllocator allocator;
  /** Per vector of a batch, depth first (a ROW column's fields after it): bytes per value, 0 until known. */
  private final double[] bytesPerValue;

  public BatchAllocator(ReaderContext context) {
    this(context.arrowSchema(), context.allocator());
  }

  public BatchAllocator(Schema schema, BufferAllocator allocator) {
    this.schema = schema;
    this.allocator = allocator;
    this.bytesPerValue = new double[count(schema.getFields())];
  }

  /** An empty batch with room for {@code rows} rows. */
  public VectorSchemaRoot allocate(int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      List<FieldVector> vectors = flatten(root.getFieldVectors(), new ArrayList<>());
      for (int c = 0; c < vectors.size(); c++) { // a parent before its children, which it sets to the default
        FieldVector v = vectors.get(c);
        if (v instanceof BaseVariableWidthVector variable && bytesPerValue[c] > 0) {
          variable.setInitialCapacity(rows, bytesPerValue[c] * HEADROOM);
        } else {
          v.setInitialCapacity(rows);
        }
      }
      root.allocateNew();
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Remembers the sizes of a filled batch's values for the next batches. */
  public void learn(VectorSchemaRoot filled) {
    int rows = filled.getRowCount();
    if (rows == 0) {
      return;
    }
    List<FieldVector> vectors = flatten(filled.getFieldVectors(), new ArrayList<>());
    for (int c = 0; c < vectors.size(); c++) {
      // a vector's own count: the entries of a MAP column are not one per row
      if (vectors.get(c) instanceof BaseVariableWidthVector variable && variable.getValueCount() > 0) {
        int n = variable.getValueCount();
        bytesPerValue[c] = Math.max(1.0, (double) variable.getStartOffset(n) / n);
      }
    }
  }

  /** The vectors and, after each, its children, depth first. */
  private static List<FieldVector> flatten(List<FieldVector> vectors, List<FieldVector> into) {
    for (FieldVector v : vectors) {
      into.add(v);
      flatten(v.getChildrenFromFields(), into);
    }
    return into;
  }

  private static int count(List<Field> fields) {
    int n = 0;
    for (Field f : fields) {
      n += 1 + count(f.getChildren());
    }
    return n;
  }
}
