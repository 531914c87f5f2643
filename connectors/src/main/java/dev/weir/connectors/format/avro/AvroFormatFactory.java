package dev.weir.connectors.format.avro;

import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.options.ConfigOption;
import java.util.List;
import org.apache.avro.Schema;

/** Plain Avro binary records of a schema derived from the table's columns (no framing, no registry). */
public final class AvroFormatFactory implements FormatFactory {
  @Override
  public String name() {
    return "avro";
  }

  @Override
  public String description() {
    return "Avro binary records; the schema is derived from the table's columns, as Flink derives it.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of();
  }

  /** Binary records: a byte may be a newline, so files cannot hold one per line. */
  @Override
  public boolean isLineDelimited() {
    return false;
  }

  @Override
  public Decoder createDecoder(FormatContext context) {
    Schema schema = AvroSchemas.of(context.columns(), "record");
    AvroRowDecoder decoder = new AvroRowDecoder(context.columns(), schema);
    return (bytes, offset, length, out, row) -> {
      decoder.decode(schema, bytes, offset, length, out, row);
      return true;
    };
  }

  @Override
  public Encoder createEncoder(FormatContext context) {
    AvroRowEncoder encoder = new AvroRowEncoder(AvroSchemas.of(context.columns(), "record"));
    return encoder::encode;
  }
}
