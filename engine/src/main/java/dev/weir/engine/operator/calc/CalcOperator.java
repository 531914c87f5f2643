package dev.weir.engine.operator.calc;

import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Runs a {@link CalcProgram} over each batch: stateless filter and projection. */
public final class CalcOperator implements Operator {
  private final CalcProgram program;
  private BufferAllocator allocator;

  public CalcOperator(CalcProgram program) {
    this.program = program;
  }

  @Override
  public void open(OperatorContext context) {
    this.allocator = context.allocator();
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    try (batch) {
      out.emit(program.apply(batch, allocator));
    }
  }
}
