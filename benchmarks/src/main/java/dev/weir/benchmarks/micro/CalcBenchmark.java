package dev.weir.benchmarks.micro;

import dev.weir.catalog.Catalog;
import dev.weir.catalog.TableDefinition;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.engine.operator.calc.CalcProgram;
import dev.weir.sql.codegen.CalcCompiler;
import dev.weir.sql.plan.SqlPlanner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.core.Calc;
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

/** Compiled filter and projection over one 4096-row batch: rows per second of expression evaluation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CalcBenchmark {
  static final int ROWS = 4096;

  /** The queries measured, by name. */
  static final Map<String, String> QUERIES = Map.of(
      "arith", "SELECT a * 2 + 1 AS x, b / 3 AS y FROM t",
      "filter", "SELECT a, b FROM t WHERE a % 3 = 0 AND b > 10",
      "string", "SELECT UPPER(c) AS u, CHAR_LENGTH(c) AS n FROM t WHERE c LIKE 'item-1%'",
      "case", "SELECT CASE WHEN a % 2 = 0 THEN b ELSE -b END AS v, COALESCE(c, 'none') AS w FROM t");

  @Param({"arith", "filter", "string", "case"})
  public String query;

  private BufferAllocator allocator;
  private VectorSchemaRoot batch;
  private CalcProgram program;

  @Setup(Level.Trial)
  public void setUp() {
    Catalog catalog = new Catalog();
    List<Column> columns = List.of(Column.physical("a", DataType.bigint()),
        Column.physical("b", DataType.of(DataType.Kind.DOUBLE)), Column.physical("c", DataType.varchar()));
    catalog.createTable(new TableDefinition("t", TableSchema.of(columns), Map.of("connector", "blackhole"), null), false);
    SqlPlanner.Planned planned = new SqlPlanner(catalog).plan(SqlPlanner.parseQuery(QUERIES.get(query)));
    program = CalcCompiler.compile(((Calc) planned.optimized()).getProgram(), planned.rexBuilder());

    allocator = new RootAllocator();
    batch = VectorSchemaRoot.create(TableSchema.arrowSchema(columns), allocator);
    batch.allocateNew();
    BigIntVector a = (BigIntVector) batch.getVector(0);
    Float8Vector b = (Float8Vector) batch.getVector(1);
    VarCharVector c = (VarCharVector) batch.getVector(2);
    for (int i = 0; i < ROWS; i++) {
      a.setSafe(i, i);
      b.setSafe(i, i * 0.5);
      c.setSafe(i, ("item-" + i).getBytes(StandardCharsets.UTF_8));
    }
    batch.setRowCount(ROWS);
  }

  /** One batch through the compiled program; the score times 4096 is rows per second. */
  @Benchmark
  public int evaluate() {
    try (VectorSchemaRoot out = program.apply(batch, allocator)) {
      return out.getRowCount();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batch.close();
    allocator.close();
  }
}
