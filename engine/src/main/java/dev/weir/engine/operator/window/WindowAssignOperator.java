package dev.weir.engine.operator.window;

import dev.weir.engine.batch.Batches;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code TUMBLE}, {@code HOP} and {@code CUMULATE}: appends {@code window_start}, {@code
 * window_end} and {@code window_time} (the window's last millisecond) to each row, once per window
 * the row falls in. Rows without a time are dropped. A tumbling window is a hop whose slide equals
 * its size; cumulating windows share a start and end every {@code slide} up to {@code size}.
 */
public final class WindowAssignOperator implements Operator {
  private final int timeColumn;
  private final long size;
  private final long slide;
  private final long offset;
  private final boolean cumulative;
  private final Schema outputSchema;
  /** Which input columns are copied to the output (the others, which nothing reads, stay NULL); null: all. */
  private boolean[] copied;
  private BufferAllocator allocator;

  /**
   * @param outputSchema the input's fields followed by the three window columns
   */
  public WindowAssignOperator(int timeColumn, long size, long slide, long offset, Schema outputSchema) {
    this(timeColumn, size, slide, offset, false, outputSchema);
  }

  /** @param cumulative windows start together every {@code size} and end every {@code slide} within it */
  public WindowAssignOperator(int timeColumn, long size, long slide, long offset, boolean cumulative,
      Schema outputSchema) {
    this.timeColumn = timeColumn;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
    this.cumulative = cumulative;
    this.outputSchema = outputSchema;
  }

  /**
   * Copies only the input columns {@code used} says are read downstream: a hopping window repeats
   * each row once per window, so copying unread strings would be most of its work.
   */
  public WindowAssignOperator copyingOnly(boolean[] used) {
    this.copied = used.clone();
    return this;
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    try (batch) {
      TimeStampVector time = (TimeStampVector) batch.getVector(timeColumn);
      int n = batch.getRowCount();
      // each row falls in at most this many windows: size / slide, rounded up
      int perRow = (int) ((size + slide - 1) / slide);
      int[] rowOf = new int[n * perRow];
      long[] starts = new long[n * perRow];
      long[] ends = new long[n * perRow];
      int count = 0;
      for (int i = 0; i < n; i++) {
        if (time.isNull(i)) {
          continue;
        }
        long t = time.get(i);
        if (cumulative) {
          long start = Math.floorDiv(t - offset, size) * size + offset;
          for (long end = start + (Math.floorDiv(t - start, slide) + 1) * slide; end <= start + size; end += slide) {
            rowOf[count] = i;
            starts[count] = start;
            ends[count++] = end;
          }
        } else {
          long lastStart = Math.floorDiv(t - offset, slide) * slide + offset;
          for (long start = lastStart; start > t - size; start -= slide) {
            rowOf[count] = i;
            starts[count] = start;
            ends[count++] = start + size;
          }
        }
      }
      VectorSchemaRoot result = VectorSchemaRoot.create(outputSchema, allocator);
      try {
        int inputColumns = batch.getFieldVectors().size();
        for (int c = 0; c < inputColumns; c++) {
          if (copied != null && !copied[c]) {
            Batches.nulls(result.getVector(c), count);
          } else {
            Batches.gather(batch.getVector(c), rowOf, count, result.getVector(c));
          }
        }
        TimeStampMilliVector start = (TimeStampMilliVector) result.getVector(inputColumns);
        TimeStampMilliVector end = (TimeStampMilliVector) result.getVector(inputColumns + 1);
        TimeStampMilliVector windowTime = (TimeStampMilliVector) result.getVector(inputColumns + 2);
        start.allocateNew(Math.max(count, 1));
        end.allocateNew(Math.max(count, 1));
        windowTime.allocateNew(Math.max(count, 1));
        for (int r = 0; r < count; r++) {
          start.set(r, starts[r]);
          end.set(r, ends[r]);
          windowTime.set(r, ends[r] - 1);
        }
        result.setRowCount(count);
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
      out.emit(result);
    }
  }

  /** The output schema: the input's fields and the three window columns. */
  public static Schema outputSchema(Schema input, List<Field> windowFields) {
    List<Field> fields = new ArrayList<>(input.getFields());
    fields.addAll(windowFields);
    return new Schema(fields);
  }
}
