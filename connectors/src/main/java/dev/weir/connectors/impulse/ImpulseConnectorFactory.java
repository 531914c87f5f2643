package dev.weir.connectors.impulse;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import java.util.List;
import java.util.Map;

/**
 * {@code impulse}: emits rows {@code (counter, subtask_index, timestamp)} at a fixed rate, or as
 * fast as possible; bounded when given a count. A table declares the columns it wants.
 */
public final class ImpulseConnectorFactory implements ConnectorFactory {
  public static final ConfigOption<Double> EVENT_RATE = ConfigOption.decimal("event_rate").defaultValue(1.0)
      .withFallbackKeys("rows-per-second")
      .withDescription("Rows per second across all readers; 0 emits as fast as possible.");
  public static final ConfigOption<Long> MESSAGE_COUNT = ConfigOption.longInteger("message_count")
      .withFallbackKeys("number-of-rows")
      .withDescription("Stop after this many rows (the source is then bounded); unset runs forever.");

  /** The columns impulse can fill, by name, with the types they may have. */
  static final Map<String, List<DataType.Kind>> COLUMNS = Map.of(
      "counter", List.of(DataType.Kind.BIGINT, DataType.Kind.INTEGER),
      "subtask_index", List.of(DataType.Kind.BIGINT, DataType.Kind.INTEGER),
      "timestamp", List.of(DataType.Kind.TIMESTAMP, DataType.Kind.TIMESTAMP_LTZ));

  @Override
  public String name() {
    return "impulse";
  }

  @Override
  public String description() {
    return "Generates (counter, subtask_index, timestamp) rows at a fixed rate or as fast as possible.";
  }

  @Override
  public Direction direction() {
    return Direction.SOURCE;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(EVENT_RATE, MESSAGE_COUNT);
  }

  @Override
  public void validate(TableSpec table) {
    for (Column c : table.schema().physicalColumns()) {
      List<DataType.Kind> kinds = COLUMNS.get(c.name());
      if (kinds == null) {
        throw new ValidationException("Column '" + c.name() + "' of " + table.describe()
            + " cannot be filled by connector 'impulse', which provides: counter BIGINT, subtask_index BIGINT,"
            + " timestamp TIMESTAMP(3).");
      }
      if (!kinds.contains(c.type().kind())) {
        throw new ValidationException("Column '" + c.name() + "' of " + table.describe() + " has type "
            + c.type().sql() + ", but impulse fills it with " + kinds.get(0) + ".");
      }
    }
    if (table.options().get(EVENT_RATE) < 0) {
      throw new ValidationException("Invalid value for option 'event_rate' of connector 'impulse': must be 0 or more.");
    }
  }

  @Override
  public Source createSource(TableSpec table) {
    return new ImpulseSource(table.options().get(EVENT_RATE), table.options().get(MESSAGE_COUNT));
  }
}
