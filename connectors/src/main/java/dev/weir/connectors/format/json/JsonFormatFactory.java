package dev.weir.connectors.format.json;

import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.schema.Column;
import java.util.List;

/** JSON records: one object per record, fields matched to columns by name. */
public final class JsonFormatFactory implements FormatFactory {
  public static final ConfigOption<TimestampStandard> TIMESTAMP_STANDARD =
      ConfigOption.enumeration("json.timestamp-format.standard", TimestampStandard.class)
          .defaultValue(TimestampStandard.SQL)
          .withDescription("How timestamps are written: 'SQL' or 'ISO-8601'.");

  public static final ConfigOption<Boolean> FAIL_ON_MISSING_FIELD = ConfigOption.bool("json.fail-on-missing-field")
      .defaultValue(false)
      .withDescription("Treat a record that lacks one of the table's fields as malformed (else the column is NULL).");

  @Override
  public String name() {
    return "json";
  }

  @Override
  public String description() {
    return "JSON objects; fields are matched to columns by name, unknown fields are ignored.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(TIMESTAMP_STANDARD, FAIL_ON_MISSING_FIELD);
  }

  @Override
  public boolean supportsRows() {
    return true;
  }

  @Override
  public Decoder createDecoder(FormatContext context) {
    return rowDecoder(context);
  }

  @Override
  public Encoder createEncoder(FormatContext context) {
    return rowEncoder(context);
  }

  /** A decoder of one JSON object into a row, for formats that nest rows in JSON (Debezium's envelope). */
  public static Decoder rowDecoder(FormatContext context) {
    return new JsonDecoder(context.columns(), context.options().get(FAIL_ON_MISSING_FIELD));
  }

  /** An encoder of a row (every vector of the batch it is given) as one JSON object. */
  public static Encoder rowEncoder(FormatContext context) {
    return new JsonEncoder(context.columns().stream().map(Column::name).toList(),
        context.options().get(TIMESTAMP_STANDARD));
  }
}
