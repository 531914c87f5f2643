package dev.weir.benchmarks.micro;

import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.options.OptionsValidator;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.connectors.format.json.JsonFormatFactory;
import java.nio.charset.StandardCharsets;
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

/** JSON lines decoded into a 4096-row Arrow batch: records per second of decoding. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonDecodeBenchmark {
  static final int ROWS = 4096;
  static final List<Column> COLUMNS = List.of(Column.physical("auction", DataType.bigint()),
      Column.physical("bidder", DataType.bigint()), Column.physical("price", DataType.bigint()),
      Column.physical("channel", DataType.varchar()), Column.physical("url", DataType.varchar()),
      Column.physical("date_time", DataType.timestamp()), Column.physical("extra", DataType.varchar()));

  private BufferAllocator allocator;
  private VectorSchemaRoot batch;
  private Decoder decoder;
  private byte[][] records;

  @Setup(Level.Trial)
  public void setUp() {
    JsonFormatFactory json = new JsonFormatFactory();
    decoder = json.createDecoder(new FormatContext(COLUMNS,
        OptionsValidator.validate("bench", Map.of(), json.options(), List.of())));
    records = new byte[ROWS][];
    for (int i = 0; i < ROWS; i++) {
      records[i] = ("{\"auction\": " + (1000 + i % 97) + ", \"bidder\": " + (2000 + i) + ", \"price\": " + (i * 37 % 10000)
          + ", \"channel\": \"channel-" + (i % 5) + "\", \"url\": \"https://www.nexmark.com/item/" + i
          + "\", \"date_time\": \"2015-07-15 00:00:0" + (i % 10) + ".123\", \"extra\": \"\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
    allocator = new RootAllocator();
    batch = VectorSchemaRoot.create(TableSchema.arrowSchema(COLUMNS), allocator);
    batch.allocateNew();
  }

  /** Decodes 4096 records; the score times 4096 is records per second. */
  @Benchmark
  public int decode() throws RecordDecodeException {
    for (int i = 0; i < ROWS; i++) {
      decoder.decode(records[i], 0, records[i].length, batch, i);
    }
    batch.setRowCount(ROWS);
    return batch.getRowCount();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batch.close();
    allocator.close();
  }
}
