package dev.weir.benchmarks.micro;

import dev.weir.catalog.connector.ConnectorMetrics;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The Nexmark generator alone: one 4096-row batch of bids written into Arrow vectors per operation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NexmarkGeneratorBenchmark {
  private BufferAllocator allocator;
  private SourceReader reader;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    List<Column> columns = List.of(Column.physical("auction", DataType.bigint()),
        Column.physical("bidder", DataType.bigint()), Column.physical("price", DataType.bigint()),
        Column.physical("channel", DataType.varchar()), Column.physical("url", DataType.varchar()),
        Column.physical("dateTime", DataType.timestamp()), Column.physical("extra", DataType.varchar()));
    TableSpec spec = TableValidator.validate("bid", TableSchema.of(columns),
        Map.of("connector", "nexmark", "table", "bid"), ConnectorRegistry.load());
    var source = spec.connector().createSource(spec);
    allocator = new RootAllocator();
    reader = source.createReader(source.splits(1),
        new ReaderContext(allocator, columns, 0, 1, 4096, ConnectorMetrics.NONE));
  }

  /** One batch of 4096 bids (about 4450 events); the score times 4096 is bids per second. */
  @Benchmark
  public int generate() throws Exception {
    try (VectorSchemaRoot batch = reader.poll()) {
      return batch.getRowCount();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    reader.close();
    allocator.close();
  }
}
