package dev.weir.connectors.format.debezium;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.weir.catalog.format.ChangelogDecoder;
import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.schema.RowKind;
import dev.weir.connectors.format.BatchViews;
import dev.weir.connectors.format.json.JsonFormatFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Debezium's change events in JSON: {@code {"before": {...}, "after": {...}, "op": "c|r|u|d"}},
 * optionally inside {@code {"schema": ..., "payload": ...}}. Reading gives a changelog: a create or
 * snapshot read is +I, an update -U then +U, a delete -D. Writing turns each change back into an
 * event (+I and +U as creates, -U and -D as deletes, as Flink writes them). The rows inside
 * {@code before} and {@code after} are decoded and encoded by the JSON format.
 */
public final class DebeziumJsonFormatFactory implements FormatFactory {
  public static final ConfigOption<Boolean> SCHEMA_INCLUDE = ConfigOption.bool("debezium-json.schema-include")
      .defaultValue(false)
      .withDescription("Whether each event is wrapped in {\"schema\": ..., \"payload\": ...} (Kafka Connect's"
          + " JsonConverter with schemas enabled).");

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String name() {
    return "debezium-json";
  }

  @Override
  public String description() {
    return "Debezium change events in JSON; read as a changelog (+I, -U/+U, -D).";
  }

  @Override
  public List<ConfigOption<?>> options() {
    List<ConfigOption<?>> options = new ArrayList<>(new JsonFormatFactory().options());
    options.add(SCHEMA_INCLUDE);
    return options;
  }

  /** Rows are JSON objects inside the envelope, decoded and encoded by the JSON format. */
  @Override
  public boolean supportsRows() {
    return true;
  }

  @Override
  public boolean isChangelog() {
    return true;
  }

  @Override
  public String fileExtension() {
    return "json";
  }

  @Override
  public Decoder createDecoder(FormatContext context) {
    return new EventDecoder(JsonFormatFactory.rowDecoder(context), context.columns().size(),
        context.options().get(SCHEMA_INCLUDE));
  }

  @Override
  public Encoder createEncoder(FormatContext context) {
    Encoder row = JsonFormatFactory.rowEncoder(context);
    int columns = context.columns().size();
    return (batch, r, out) -> {
      VectorSchemaRoot data = BatchViews.first(batch, columns);
      boolean changelog = batch.getFieldVectors().size() > columns
          && batch.getVector(columns).getName().equals(RowKind.COLUMN);
      RowKind kind = changelog ? RowKind.of(((TinyIntVector) batch.getVector(columns)).get(r)) : RowKind.INSERT;
      write(out, "{\"before\":");
      if (kind.isAccumulate()) {
        write(out, "null,\"after\":");
        row.encode(data, r, out);
        write(out, ",\"op\":\"c\"}");
      } else {
        row.encode(data, r, out);
        write(out, ",\"after\":null,\"op\":\"d\"}");
      }
    };
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the envelope with Jackson's token parser, handing the bytes of 'before' and 'after' to the row decoder. */
  private static final class EventDecoder implements ChangelogDecoder {
    private final Decoder rows;
    private final int columns;
    private final boolean schemaInclude;
    private VectorSchemaRoot boundTo;
    private VectorSchemaRoot data;

    EventDecoder(Decoder rows, int columns, boolean schemaInclude) {
      this.rows = rows;
      this.columns = columns;
      this.schemaInclude = schemaInclude;
    }

    @Override
    public int decodeChanges(byte[] bytes, int offset, int length, VectorSchemaRoot out, int row)
        throws RecordDecodeException {
      if (out != boundTo) {
        data = BatchViews.first(out, columns);
        boundTo = out;
      }
      TinyIntVector kinds = (TinyIntVector) out.getVector(columns);
      int[] before = {-1, -1};
      int[] after = {-1, -1};
      String op = null;
      try (JsonParser p = JSON.createParser(bytes, offset, length)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new RecordDecodeException("a Debezium event is a JSON object");
        }
        if (schemaInclude && !enter(p, "payload")) {
          throw new RecordDecodeException("no 'payload' in the event (is 'debezium-json.schema-include' right?)");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          switch (field) {
            case "before" -> range(p, t, before);
            case "after" -> range(p, t, after);
            case "op" -> op = t == JsonToken.VALUE_STRING ? p.getText() : null;
            default -> p.skipChildren();
          }
        }
      } catch (JsonProcessingException e) {
        throw new RecordDecodeException("malformed JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new RecordDecodeException("unreadable JSON: " + e.getMessage(), e);
      }
      if (op == null) {
        throw new RecordDecodeException("the event has no 'op' (c, r, u or d)");
      }
      return switch (op) {
        case "c", "r" -> emit(bytes, offset, after, "after", RowKind.INSERT, kinds, row);
        case "u" -> {
          if (before[0] < 0) {
            throw new RecordDecodeException("an update without 'before' (give the table REPLICA IDENTITY FULL in"
                + " Postgres, so that updates carry the old row)");
          }
          int n = emit(bytes, offset, before, "before", RowKind.UPDATE_BEFORE, kinds, row);
          yield n + emit(bytes, offset, after, "after", RowKind.UPDATE_AFTER, kinds, row + n);
        }
        case "d" -> emit(bytes, offset, before, "before", RowKind.DELETE, kinds, row);
        default -> throw new RecordDecodeException("unknown 'op' \"" + op + "\" (expected c, r, u or d)");
      };
    }

    private int emit(byte[] bytes, int offset, int[] range, String field, RowKind kind, TinyIntVector kinds, int row)
        throws RecordDecodeException {
      if (range[0] < 0) {
        throw new RecordDecodeException("'" + field + "' is missing or null for op " + kind.shortString());
      }
      if (!rows.decode(bytes, offset + range[0], range[1] - range[0], data, row)) {
        return 0;
      }
      kinds.setSafe(row, kind.code());
      return 1;
    }

    /** Moves into the object value of {@code name} at the top level; false if there is none. */
    private static boolean enter(JsonParser p, String name) throws IOException {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals(name) && t == JsonToken.START_OBJECT) {
          return true;
        }
        p.skipChildren();
      }
      return false;
    }

    /** The byte range of an object value, relative to the parser's input; [-1, -1] for null. */
    private static void range(JsonParser p, JsonToken t, int[] range) throws IOException {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      range[0] = (int) p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      range[1] = (int) p.currentLocation().getByteOffset();
    }
  }
}
