package dev.weir.connectors.filesystem;

import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.DeliveryGuarantee;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.options.ConfigOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code filesystem}: a file or a directory of files in any format, read once (bounded) or written. */
public final class FileSystemConnectorFactory implements ConnectorFactory {
  public static final ConfigOption<String> PATH = ConfigOption.string("path").required()
      .withDescription("The file or directory to read, or to write (a directory, existing or ending in '/',"
          + " gets one part file per writer).");

  @Override
  public String name() {
    return "filesystem";
  }

  @Override
  public String description() {
    return "Reads a file or every file of a directory; writes a file or part files into a directory.";
  }

  @Override
  public Direction direction() {
    return Direction.BOTH;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(PATH);
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public Set<DeliveryGuarantee> deliveryGuarantees() {
    return EnumSet.of(DeliveryGuarantee.AT_LEAST_ONCE);
  }

  @Override
  public Source createSource(TableSpec table) {
    return new FileSource(table);
  }

  @Override
  public Sink createSink(TableSpec table) {
    return new FileSink(table);
  }
}
