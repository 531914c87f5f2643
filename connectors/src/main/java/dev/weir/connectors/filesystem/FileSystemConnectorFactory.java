package dev.weir.connectors.filesystem;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.DeliveryGuarantee;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.options.ConfigOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code filesystem}: a file or a directory of files in any format, read once (bounded) or written. */
public final class FileSystemConnectorFactory implements ConnectorFactory {
  public static final ConfigOption<String> PATH = ConfigOption.string("path").required()
      .withDescription("The file or directory to read, or to write (a directory, existing or ending in '/',"
          + " gets part files from each writer, visible once committed: at the end, or with checkpoints when"
          + " their checkpoint completes).");

  public static final ConfigOption<Long> ROLLING_FILE_SIZE = ConfigOption.memorySize("sink.rolling-policy.file-size")
      .defaultValue(128L << 20)
      .withDescription("Writing a directory: a part file this large is closed and a new one started.");
  public static final ConfigOption<Duration> ROLLING_INTERVAL =
      ConfigOption.duration("sink.rolling-policy.rollover-interval").defaultValue(Duration.ofMinutes(30))
      .withDescription("Writing a directory: a part file open this long is closed and a new one started.");

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
    return List.of(PATH, ROLLING_FILE_SIZE, ROLLING_INTERVAL);
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public Set<DeliveryGuarantee> deliveryGuarantees() {
    return EnumSet.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE);
  }

  /** Files hold one record per line: a binary format cannot be split into lines. */
  @Override
  public void validate(TableSpec table) {
    if (table.format() != null && !table.format().isLineDelimited()) {
      throw new ValidationException("Format '" + table.format().name() + "' writes binary records, which files of"
          + " one record per line cannot hold; use it with a connector of records (kafka), or a text format such as"
          + " json or csv.");
    }
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
