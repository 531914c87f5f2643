package dev.weir.benchmarks.micro;

import dev.weir.catalog.connector.ConnectorMetrics;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.aggregate.AggregateSpec;
import dev.weir.engine.operator.aggregate.HashAggregateOperator;
import dev.weir.engine.operator.aggregate.UpdatingAggregateOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
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
 * Aggregation of one 4096-row batch of (key, value, window end): {@code COUNT(*), SUM(v), MAX(v)}
 * grouped by a key of 1,000 values, by the three aggregate operators. {@code hash}: GROUP BY over
 * a bounded input (state kept until the end); {@code window}: a tumbling window's groups, emitted
 * when the watermark passes them, every 16 batches; {@code updating}: the updating GROUP BY, which
 * also emits each batch's changes. The score times 4096 is rows per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AggregateBenchmark {
  static final int ROWS = 4096;
  static final int KEYS = 1000;

  @Param({"hash", "window", "updating"})
  public String operator;

  private BufferAllocator allocator;
  private Schema inputSchema;
  private Operator op;
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
    inputSchema = TableSchema.arrowSchema(List.of(Column.physical("k", DataType.bigint()),
        Column.physical("v", DataType.bigint()), Column.physical("window_end", DataType.timestamp())));
    List<AggregateSpec> aggregates = List.of(new AggregateSpec(AggregateSpec.Function.COUNT, -1, -1, true, -1),
        new AggregateSpec(AggregateSpec.Function.SUM, 1, -1, true, -1),
        new AggregateSpec(AggregateSpec.Function.MAX, 1, -1, true, -1));
    List<Column> out = new ArrayList<>(List.of(Column.physical("k", DataType.bigint()),
        Column.physical("c", DataType.bigint()), Column.physical("s", DataType.bigint()),
        Column.physical("m", DataType.bigint())));
    op = switch (operator) {
      case "hash" -> new HashAggregateOperator(new int[] {0}, aggregates, -1, 0, TableSchema.arrowSchema(out));
      case "window" -> new HashAggregateOperator(new int[] {0, 2}, aggregates, 2, 0, TableSchema.arrowSchema(
          List.of(out.get(0), Column.physical("window_end", DataType.timestamp()), out.get(1), out.get(2), out.get(3))));
      default -> {
        out.add(RowKind.column());
        yield new UpdatingAggregateOperator(new int[] {0}, aggregates, -1, TableSchema.arrowSchema(out));
      }
    };
    op.open(new OperatorContext("aggregate", allocator, 0, 1, ConnectorMetrics.NONE));
  }

  private VectorSchemaRoot batch() {
    VectorSchemaRoot b = VectorSchemaRoot.create(inputSchema, allocator);
    b.allocateNew();
    BigIntVector k = (BigIntVector) b.getVector(0);
    BigIntVector v = (BigIntVector) b.getVector(1);
    TimeStampMilliVector end = (TimeStampMilliVector) b.getVector(2);
    long window = (batches / 16 + 1) * 10_000;
    for (int i = 0; i < ROWS; i++) {
      k.setSafe(i, (i * 7919L + batches) % KEYS);
      v.setSafe(i, i);
      end.setSafe(i, window);
    }
    b.setRowCount(ROWS);
    return b;
  }

  /** One batch into the operator (which takes and closes it); a window operator closes windows as time passes. */
  @Benchmark
  public void aggregate() throws Exception {
    op.processBatch(0, batch(), discard);
    if (operator.equals("window") && ++batches % 16 == 0) {
      op.onWatermark((batches / 16) * 10_000, discard);
    } else {
      batches++;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    op.close();
    allocator.close();
  }
}
