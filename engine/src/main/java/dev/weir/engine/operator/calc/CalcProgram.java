package dev.weir.engine.operator.calc;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A filter and projection compiled to code (by the SQL layer): reads an input batch column by
 * column and writes the rows that pass the filter, projected, into a new batch. Instances are
 * used by one thread.
 */
public interface CalcProgram {
  /**
   * Evaluates the program over {@code input} (which the caller keeps) and returns a new batch
   * allocated from {@code allocator}.
   */
  VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator);
}
