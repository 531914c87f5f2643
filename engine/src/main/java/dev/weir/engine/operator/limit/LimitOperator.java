package dev.weir.engine.operator.limit;

import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.Output;
import dev.weir.engine.batch.Batches;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Passes the first {@code offset + fetch} rows, dropping the first {@code offset}, then ends the
 * stream, which ends the query even over an unbounded source. Runs as a single instance.
 */
public final class LimitOperator implements Operator {
  private final long offset;
  private final long fetch;
  private long seen;
  private boolean done;

  public LimitOperator(long offset, long fetch) {
    this.offset = offset;
    this.fetch = fetch;
  }

  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    try (batch) {
      if (done) {
        return;
      }
      int rows = batch.getRowCount();
      long end = offset + fetch;
      int from = (int) Math.max(0, Math.min(rows, offset - seen));
      int to = (int) Math.max(0, Math.min(rows, end - seen));
      seen += rows;
      if (to > from) {
        out.emit(from == 0 && to == rows ? Batches.transfer(batch) : Batches.slice(batch, from, to - from));
      }
      if (seen >= end) {
        done = true;
        out.endOfInput();
      }
    }
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    out.writeLong(seen);
    out.writeBoolean(done);
  }

  @Override
  public void restoreState(StateReader in) throws IOException {
    seen = in.readLong();
    done = in.readBoolean();
  }

  @Override
  public void onEndOfInput(Output out) {
    done = true;
  }
}
