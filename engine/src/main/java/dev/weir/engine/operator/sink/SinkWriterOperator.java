package dev.weir.engine.operator.sink;

import dev.weir.engine.checkpoint.Committer;
import dev.weir.catalog.connector.sink.SinkWriter;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.runtime.JobMetrics;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The end of a pipeline: hands each batch to a connector's writer, and takes part in checkpoints
 * through the writer's two-phase commit.
 */
public final class SinkWriterOperator implements Operator, Committer {
  private final Function<OperatorContext, SinkWriter> writerFactory;
  private SinkWriter writer;
  private OperatorContext context;

  /** @param writerFactory creates this instance's writer when it opens */
  public SinkWriterOperator(Function<OperatorContext, SinkWriter> writerFactory) {
    this.writerFactory = writerFactory;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    writer = writerFactory.apply(context);
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) throws Exception {
    try (batch) {
      if (batch.getRowCount() > 0) {
        writer.write(batch);
        context.metrics().increment(JobMetrics.ROWS_WRITTEN, batch.getRowCount());
      }
    }
  }

  @Override
  public void onWatermark(long timestamp, Output out) {}

  @Override
  public void onEndOfInput(Output out) throws Exception {
    writer.finish();
  }

  @Override
  public byte[] precommit(long checkpointId) throws Exception {
    return writer.precommit(checkpointId);
  }

  @Override
  public void commit(long checkpointId) throws Exception {
    writer.commit(checkpointId);
  }

  @Override
  public void recover(byte[] precommitted) throws Exception {
    writer.recover(precommitted);
  }

  @Override
  public void finishCommitted() throws Exception {
    writer.finish();
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.close();
    }
  }
}
