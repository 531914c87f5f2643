package dev.weir.connectors.blackhole;

import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.sink.SinkWriter;
import dev.weir.catalog.options.ConfigOption;
import java.util.List;

/** {@code blackhole}: accepts any rows and drops them. */
public final class BlackholeConnectorFactory implements ConnectorFactory {
  /** Discards changes as readily as rows. */
  @Override
  public String whyNoChangelog(TableSpec table) {
    return null;
  }

  @Override
  public String name() {
    return "blackhole";
  }

  @Override
  public String description() {
    return "Discards every row; for benchmarks and for queries run only for their effects.";
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
  public Sink createSink(TableSpec table) {
    return context -> new SinkWriter() {
      @Override
      public void write(org.apache.arrow.vector.VectorSchemaRoot batch) {}
    };
  }
}
