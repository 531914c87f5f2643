package dev.weir.catalog.connector;

import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.options.DescribedValue;
import java.util.List;

/** Options every table accepts, whatever its connector. */
public final class TableOptions {
  private TableOptions() {}

  /** The {@code type} option: how the table may be used. */
  public enum TableType implements DescribedValue {
    SOURCE("source", "The table may only be read from."),
    SINK("sink", "The table may only be written to.");

    private final String sqlName;
    private final String description;

    TableType(String sqlName, String description) {
      this.sqlName = sqlName;
      this.description = description;
    }

    @Override
    public String sqlName() {
      return sqlName;
    }

    @Override
    public String description() {
      return description;
    }
  }

  public static final ConfigOption<String> CONNECTOR = ConfigOption.string("connector").required()
      .withDescription("The connector that reads or writes this table.");

  public static final ConfigOption<TableType> TYPE = ConfigOption.enumeration("type", TableType.class)
      .withDescription("Restricts the table to being read ('source') or written ('sink'); unset allows both.");

  public static final ConfigOption<Integer> PARALLELISM = ConfigOption.integer("parallelism")
      .withDescription("How many parallel readers or writers this table gets (default: 'parallelism.default').");

  public static final ConfigOption<java.time.Duration> IDLE_TIMEOUT = ConfigOption.duration("source.idle-timeout")
      .withFallbackKeys("scan.watermark.idle-timeout")
      .withDescription("After this long without data a reader is idle and stops holding back the watermark"
          + " (default: 'table.exec.source.idle-timeout'; 0 never).");

  public static final List<ConfigOption<?>> ALL = List.of(CONNECTOR, TYPE, PARALLELISM, IDLE_TIMEOUT);
}
