package dev.weir.connectors.format.avro;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.options.ConfigOption;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Avro in the Confluent Schema Registry's wire format: a zero byte, the schema's id (4 bytes, big
 * endian), then the Avro binary record. Readers fetch each writer schema by id and resolve it
 * against the table's; writers register the table's schema under a subject.
 */
public final class AvroConfluentFormatFactory implements FormatFactory {
  public static final ConfigOption<String> URL = ConfigOption.string("avro-confluent.url").required()
      .withFallbackKeys("avro-confluent.schema-registry.url")
      .withDescription("The base URL of the schema registry, e.g. 'http://localhost:8081'.");
  public static final ConfigOption<String> SUBJECT = ConfigOption.string("avro-confluent.subject")
      .withDescription("The subject writers register the value schema under (default: '<topic>-value'; keys in"
          + " 'avro-confluent' go under '<topic>-key').");

  private static final byte MAGIC = 0;

  @Override
  public String name() {
    return "avro-confluent";
  }

  @Override
  public String description() {
    return "Avro with a Confluent Schema Registry: each record names its schema's id.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(URL, SUBJECT);
  }

  @Override
  public String fileExtension() {
    return "avro";
  }

  /** Binary records: a byte may be a newline, so files cannot hold one per line. */
  @Override
  public boolean isLineDelimited() {
    return false;
  }

  @Override
  public Decoder createDecoder(FormatContext context) {
    SchemaRegistryClient registry = new SchemaRegistryClient(context.options().get(URL));
    AvroRowDecoder decoder = new AvroRowDecoder(context.columns(), AvroSchemas.of(context.columns(), "record"));
    return (bytes, offset, length, out, row) -> {
      if (length < 5 || bytes[offset] != MAGIC) {
        throw new RecordDecodeException("not in the schema registry's wire format (it starts with a zero byte and a"
            + " 4-byte schema id)");
      }
      int id = (bytes[offset + 1] & 0xff) << 24 | (bytes[offset + 2] & 0xff) << 16 | (bytes[offset + 3] & 0xff) << 8
          | bytes[offset + 4] & 0xff;
      Schema writer;
      try {
        writer = registry.schema(id);
      } catch (SchemaRegistryClient.UnknownSchemaException e) {
        throw new RecordDecodeException(e.getMessage());
      }
      decoder.decode(writer, bytes, offset + 5, length - 5, out, row);
      return true;
    };
  }

  @Override
  public Encoder createEncoder(FormatContext context) {
    String subject = context.key() ? null : context.options().get(SUBJECT);
    if (subject == null) {
      String topic = context.options().raw().get("topic");
      if (topic == null) {
        throw new ValidationException("Format 'avro-confluent' needs 'avro-confluent.subject' to register its schema.");
      }
      subject = topic + (context.key() ? "-key" : "-value"); // the registry's TopicNameStrategy
    }
    Schema schema = AvroSchemas.of(context.columns(), "record");
    int id = new SchemaRegistryClient(context.options().get(URL)).register(subject, schema);
    AvroRowEncoder encoder = new AvroRowEncoder(schema);
    return (batch, row, out) -> {
      out.write(MAGIC);
      out.write(id >>> 24);
      out.write(id >>> 16);
      out.write(id >>> 8);
      out.write(id);
      encoder.encode(batch, row, out);
    };
  }
}
