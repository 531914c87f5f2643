package dev.weir.connectors.format.csv;

import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.Values;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes a row as one CSV line, quoting fields that contain the delimiter, the quote or a line break. */
final class CsvEncoder implements Encoder {
  private final List<Column> columns;
  private final char delimiter;
  private final char quote;
  private final boolean header;
  private final String nullLiteral;
  private final StringBuilder line = new StringBuilder();

  CsvEncoder(List<Column> columns, char delimiter, char quote, boolean header, String nullLiteral) {
    this.columns = columns;
    this.delimiter = delimiter;
    this.quote = quote;
    this.header = header;
    this.nullLiteral = nullLiteral == null ? "" : nullLiteral;
  }

  @Override
  public byte[] header() {
    if (!header) {
      return null;
    }
    line.setLength(0);
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        line.append(delimiter);
      }
      appendField(columns.get(i).name());
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void encode(VectorSchemaRoot batch, int row, OutputStream out) throws IOException {
    line.setLength(0);
    List<FieldVector> vectors = batch.getFieldVectors();
    for (int i = 0; i < vectors.size(); i++) {
      if (i > 0) {
        line.append(delimiter);
      }
      FieldVector v = vectors.get(i);
      if (v.isNull(row)) {
        line.append(nullLiteral);
      } else if (v instanceof VarBinaryVector b) {
        line.append(java.util.Base64.getEncoder().encodeToString(b.get(row)));
      } else {
        appendField(Values.text(v, row));
      }
    }
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a value, quoted when it must be; the empty string is written {@code ""} so that it reads back apart from NULL. */
  private void appendField(String text) {
    boolean needsQuotes = text.isEmpty() || text.indexOf(delimiter) >= 0 || text.indexOf(quote) >= 0
        || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    if (!needsQuotes) {
      line.append(text);
      return;
    }
    line.append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote) {
        line.append(quote);
      }
      line.append(c);
    }
    line.append(quote);
  }
}
