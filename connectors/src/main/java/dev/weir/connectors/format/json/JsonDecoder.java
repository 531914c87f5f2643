package dev.weir.connectors.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import dev.weir.connectors.format.ColumnWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Streams one JSON object into a row with Jackson's token parser: no object tree, no per-field
 * lookups beyond one hash of the field name. A VARCHAR column given an object or array receives
 * its JSON text (the {@code JSON} type); a ROW column is a nested object, its fields found by
 * name, a field the object lacks NULL.
 */
final class JsonDecoder implements Decoder {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final List<Column> columns;
  private final Map<String, Integer> index = new HashMap<>();
  private final boolean failOnMissingField;
  private final boolean[] seen;
  private ColumnWriter[] writers;
  private VectorSchemaRoot boundTo;

  JsonDecoder(List<Column> columns, boolean failOnMissingField) {
    this.columns = columns;
    this.failOnMissingField = failOnMissingField;
    this.seen = new boolean[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
    }
  }

  private void bind(VectorSchemaRoot out) {
    writers = new ColumnWriter[columns.size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = ColumnWriter.of(out.getVector(i), columns.get(i).type());
    }
    boundTo = out;
  }

  @Override
  public boolean decode(byte[] bytes, int offset, int length, VectorSchemaRoot out, int row) throws RecordDecodeException {
    if (out != boundTo) {
      bind(out);
    }
    Arrays.fill(seen, false);
    String field = null;
    try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
      JsonToken start = p.nextToken();
      if (start != JsonToken.START_OBJECT) {
        throw new RecordDecodeException("expected a JSON object but found " + describe(start, p));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        field = p.currentName();
        JsonToken t = p.nextToken();
        Integer i = index.get(field);
        if (i == null) {
          p.skipChildren();
          continue;
        }
        write(writers[i], p, t, row);
        seen[i] = true;
      }
      field = null;
      if (p.nextToken() != null) {
        throw new RecordDecodeException("unexpected content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new RecordDecodeException("malformed JSON: " + e.getOriginalMessage()
          + " (at character " + e.getLocation().getColumnNr() + ")");
    } catch (IllegalArgumentException e) {
      throw new RecordDecodeException("field '" + field + "': " + e.getMessage());
    } catch (IOException e) {
      throw new RecordDecodeException("unreadable JSON: " + e.getMessage(), e);
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        Column c = columns.get(i);
        if (failOnMissingField || !c.type().nullable()) {
          throw new RecordDecodeException("field '" + c.name() + "' is missing"
              + (c.type().nullable() ? "" : " but the column is NOT NULL"));
        }
        writers[i].setNull(row);
      }
    }
    return true;
  }

  private static void write(ColumnWriter w, JsonParser p, JsonToken t, int row) throws IOException {
    if (w instanceof ColumnWriter.RowWriter r && t == JsonToken.START_OBJECT) {
      writeRow(r, p, row);
      return;
    }
    switch (t) {
      case VALUE_NULL -> w.setNull(row);
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          w.setDecimal(row, p.getDecimalValue());
        } else {
          w.setLong(row, p.getLongValue());
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        if (w.type().kind() == DataType.Kind.DECIMAL || w.type().kind().isInteger()) {
          w.setDecimal(row, p.getDecimalValue());
        } else {
          w.setDouble(row, p.getDoubleValue());
        }
      }
      case VALUE_TRUE -> w.setBoolean(row, true);
      case VALUE_FALSE -> w.setBoolean(row, false);
      case VALUE_STRING -> w.setText(row, p.getText());
      case START_OBJECT, START_ARRAY -> {
        if (w.type().kind() != DataType.Kind.VARCHAR) {
          throw new IllegalArgumentException("column '" + w.name() + "' expects " + w.type().sql()
              + " but found a JSON " + (t == JsonToken.START_OBJECT ? "object" : "array"));
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
          g.copyCurrentStructure(p);
        }
        w.setText(row, text.toString());
      }
      default -> throw new IllegalArgumentException("unexpected JSON token " + t);
    }
  }

  /** Writes the nested object at the parser into row {@code row} of a ROW column. */
  private static void writeRow(ColumnWriter.RowWriter w, JsonParser p, int row) throws IOException {
    DataType type = w.type();
    w.begin(row);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      // rows are short: a linear search by name, no map per row
      int i = type.fieldIndex(p.currentName());
      JsonToken t = p.nextToken();
      if (i < 0) {
        p.skipChildren();
      } else {
        write(w.field(i), p, t, row);
      }
    }
    w.end(row);
  }

  private static String describe(JsonToken t, JsonParser p) throws IOException {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string \"" + p.getText() + "\"";
      default -> "'" + p.getText() + "'";
    };
  }
}
