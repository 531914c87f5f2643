package dev.weir.benchmarks.micro;

import dev.weir.catalog.connector.ConnectorMetrics;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.join.JoinOperator;
import dev.weir.engine.operator.join.JoinSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The join probe: one 4096-row batch of (key, value) from the left, probed against a right side
 * of 100,000 rows with unique keys (a dimension table, as q20's auctions), in an inner join whose
 * output is the matched pairs. {@code hit} is the share of left rows that find a partner. The right
 * input has ended, so left rows are joined and not kept, as for a stream against a bounded table.
 * The score times 4096 is probe rows per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JoinBenchmark {
  static final int ROWS = 4096;
  static final int TABLE = 100_000;

  @Param({"1.0", "0.1"})
  public double hit;

  private BufferAllocator allocator;
  private Schema side;
  private JoinOperator op;
  private long batches;
  private final Output discard = new Output() {
    @Override
    public void emit(VectorSchemaRoot batch) {
      batch.close();
    }

    @Override
    public void emitWatermark(long timestamp) {}

    @Override
    public void endOfInput() {}
  };

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    allocator = new RootAllocator();
    side = TableSchema.arrowSchema(List.of(Column.physical("k", DataType.bigint()), Column.physical("v", DataType.bigint())));
    Schema joined = TableSchema.arrowSchema(List.of(Column.physical("lk", DataType.bigint()),
        Column.physical("lv", DataType.bigint()), Column.physical("rk", DataType.bigint()),
        Column.physical("rv", DataType.bigint())));
    JoinSpec.Side left = new JoinSpec.Side(side, new int[] {0}, -1, false, -1, 0);
    JoinSpec.Side right = new JoinSpec.Side(side, new int[] {0}, -1, false, -1, 0);
    op = new JoinOperator(new JoinSpec(left, right, null, joined, false, false, false, 0, 0));
    op.open(new OperatorContext("join", allocator, 0, 1, ConnectorMetrics.NONE));
    for (int from = 0; from < TABLE; from += ROWS) {
      op.processBatch(1, batch(from, Math.min(ROWS, TABLE - from), 1), discard);
    }
    op.onInputEnded(1, discard);
  }

  /** Rows with keys from {@code from} (spread by {@code stride}). */
  private VectorSchemaRoot batch(long from, int rows, long stride) {
    VectorSchemaRoot b = VectorSchemaRoot.create(side, allocator);
    b.allocateNew();
    BigIntVector k = (BigIntVector) b.getVector(0);
    BigIntVector v = (BigIntVector) b.getVector(1);
    for (int i = 0; i < rows; i++) {
      k.setSafe(i, (from + i * stride) % (long) (TABLE / hit));
      v.setSafe(i, i);
    }
    b.setRowCount(rows);
    return b;
  }

  /** One left batch probed (the operator takes and closes it). */
  @Benchmark
  public void probe() throws Exception {
    op.processBatch(0, batch(batches++ * 7919, ROWS, 7919), discard);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    op.close();
    allocator.close();
  }
}
