package dev.weir.connectors.format.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import dev.weir.connectors.format.ColumnWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Parses one CSV line into a row; fields map to columns by position, or by the header's names. */
final class CsvDecoder implements Decoder {
  private static final CsvMapper MAPPER = new CsvMapper();

  private final List<Column> columns;
  private final CsvSchema schema;
  private final boolean header;
  private final String nullLiteral;
  private final boolean allowComments;
  /** For field i of a line: the column it fills, or -1. */
  private int[] fieldToColumn;
  private final boolean[] seen;
  private final List<String> fields = new ArrayList<>();
  private ColumnWriter[] writers;
  private VectorSchemaRoot boundTo;

  CsvDecoder(List<Column> columns, char delimiter, char quote, boolean header, String nullLiteral,
      boolean allowComments) {
    this.columns = columns;
    this.schema = CsvSchema.emptySchema().withColumnSeparator(delimiter).withQuoteChar(quote);
    this.header = header;
    this.nullLiteral = nullLiteral;
    this.allowComments = allowComments;
    this.seen = new boolean[columns.size()];
    this.fieldToColumn = new int[columns.size()];
    for (int i = 0; i < fieldToColumn.length; i++) {
      fieldToColumn[i] = i;
    }
  }

  @Override
  public boolean expectsHeader() {
    return header;
  }

  @Override
  public void readHeader(byte[] bytes, int offset, int length) throws RecordDecodeException {
    split(bytes, offset, length);
    fieldToColumn = new int[fields.size()];
    for (int f = 0; f < fields.size(); f++) {
      fieldToColumn[f] = -1;
      for (int c = 0; c < columns.size(); c++) {
        if (columns.get(c).name().equals(fields.get(f).trim())) {
          fieldToColumn[f] = c;
        }
      }
    }
  }

  private void split(byte[] bytes, int offset, int length) throws RecordDecodeException {
    fields.clear();
    try (CsvParser p = (CsvParser) MAPPER.getFactory().createParser(bytes, offset, length)) {
      p.setSchema(schema); // without a column schema, each line comes as an array of strings
      // an empty unquoted field is NULL; a quoted "" is the empty string
      p.enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL);
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL) {
        fields.add(t == JsonToken.VALUE_NULL ? null : p.getText());
      }
      if (t != JsonToken.END_ARRAY) {
        throw new RecordDecodeException("malformed CSV line");
      }
    } catch (JsonProcessingException e) {
      throw new RecordDecodeException("malformed CSV: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RecordDecodeException("unreadable CSV: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean decode(byte[] bytes, int offset, int length, VectorSchemaRoot out, int row) throws RecordDecodeException {
    if (out != boundTo) {
      writers = new ColumnWriter[columns.size()];
      for (int i = 0; i < writers.length; i++) {
        writers[i] = ColumnWriter.of(out.getVector(i), columns.get(i).type());
      }
      boundTo = out;
    }
    if (allowComments && length > 0 && bytes[offset] == '#') {
      return false;
    }
    split(bytes, offset, length);
    if (!header && fields.size() != columns.size()) {
      throw new RecordDecodeException("expected " + columns.size() + " fields but found " + fields.size()
          + ": '" + new String(bytes, offset, length, StandardCharsets.UTF_8) + "'");
    }
    java.util.Arrays.fill(seen, false);
    for (int f = 0; f < fields.size() && f < fieldToColumn.length; f++) {
      int c = fieldToColumn[f];
      if (c < 0) {
        continue;
      }
      String text = fields.get(f);
      ColumnWriter w = writers[c];
      try {
        if (text == null || text.equals(nullLiteral) || (text.isEmpty() && w.type().kind() != DataType.Kind.VARCHAR)) {
          w.setNull(row);
        } else {
          w.setText(row, text);
        }
      } catch (IllegalArgumentException e) {
        throw new RecordDecodeException("field " + (f + 1) + ": " + e.getMessage());
      }
      seen[c] = true;
    }
    for (int c = 0; c < seen.length; c++) {
      if (!seen[c]) {
        writers[c].setNull(row);
      }
    }
    return true;
  }
}
