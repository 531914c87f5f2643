package dev.weir.connectors.format.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.types.Temporal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Writes a row as one JSON object, columns in order under the table's column names (not the
 * query's: {@code INSERT INTO t SELECT COUNT(*) ...} writes t's name), NULLs as JSON null, a ROW
 * as a nested object under its fields' names.
 */
final class JsonEncoder implements Encoder {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final List<String> names;
  private final TimestampStandard timestamps;

  JsonEncoder(List<String> names, TimestampStandard timestamps) {
    this.names = List.copyOf(names);
    this.timestamps = timestamps;
  }

  @Override
  public void encode(VectorSchemaRoot batch, int row, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      for (int c = 0; c < names.size(); c++) {
        g.writeFieldName(names.get(c));
        writeValue(g, batch.getVector(c), row);
      }
      g.writeEndObject();
    }
  }

  private void writeValue(JsonGenerator g, FieldVector v, int row) throws IOException {
    if (v.isNull(row)) {
      g.writeNull();
    } else if (v instanceof VarCharVector s) {
      g.writeString(new String(s.get(row), StandardCharsets.UTF_8));
    } else if (v instanceof BigIntVector x) {
      g.writeNumber(x.get(row));
    } else if (v instanceof IntVector x) {
      g.writeNumber(x.get(row));
    } else if (v instanceof SmallIntVector x) {
      g.writeNumber(x.get(row));
    } else if (v instanceof TinyIntVector x) {
      g.writeNumber(x.get(row));
    } else if (v instanceof Float8Vector x) {
      g.writeNumber(x.get(row));
    } else if (v instanceof Float4Vector x) {
      g.writeNumber(x.get(row));
    } else if (v instanceof BitVector x) {
      g.writeBoolean(x.get(row) != 0);
    } else if (v instanceof DecimalVector x) {
      g.writeNumber(x.getObject(row));
    } else if (v instanceof TimeStampVector x) {
      long ms = x.get(row);
      g.writeString(timestamps == TimestampStandard.SQL ? Temporal.formatTimestamp(ms) : Temporal.formatTimestampIso(ms));
    } else if (v instanceof DateDayVector x) {
      g.writeString(Temporal.formatDate(x.get(row)));
    } else if (v instanceof TimeMilliVector x) {
      g.writeString(Temporal.formatTime(x.get(row)));
    } else if (v instanceof VarBinaryVector x) {
      g.writeString(Base64.getEncoder().encodeToString(x.get(row)));
    } else if (v instanceof StructVector x) {
      g.writeStartObject();
      for (FieldVector field : x.getChildrenFromFields()) {
        g.writeFieldName(field.getName());
        writeValue(g, field, row);
      }
      g.writeEndObject();
    } else {
      g.writeString(String.valueOf(v.getObject(row)));
    }
  }
}
