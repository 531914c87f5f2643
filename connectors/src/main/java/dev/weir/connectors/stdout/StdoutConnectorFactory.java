package dev.weir.connectors.stdout;

import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.sink.SinkWriter;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.options.ConfigOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** {@code stdout}: writes each row to standard output, one line per row, encoded by the table's format. */
public final class StdoutConnectorFactory implements ConnectorFactory {
  @Override
  public String name() {
    return "stdout";
  }

  @Override
  public String description() {
    return "Prints each row to standard output as one line (JSON unless 'format' says otherwise).";
  }

  @Override
  public Direction direction() {
    return Direction.SINK;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of();
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public String defaultFormat() {
    return "json";
  }

  @Override
  public Sink createSink(TableSpec table) {
    return context -> {
      Encoder encoder = table.format().createEncoder(FormatContext.ofBatch(context.columns(), table.options()));
      return new StdoutWriter(encoder);
    };
  }

  /** Encodes a whole batch, then prints it at once so that parallel writers never interleave lines. */
  private static final class StdoutWriter implements SinkWriter {
    private final Encoder encoder;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StdoutWriter(Encoder encoder) {
      this.encoder = encoder;
    }

    @Override
    public void write(VectorSchemaRoot batch) throws Exception {
      buffer.reset();
      for (int r = 0; r < batch.getRowCount(); r++) {
        encoder.encode(batch, r, buffer);
        buffer.write('\n');
      }
      PrintStream out = System.out;
      synchronized (out) {
        buffer.writeTo(out);
        out.flush();
      }
    }
  }
}
