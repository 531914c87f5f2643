package dev.weir.connectors.format.avro;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Writes a row of vectors as one Avro binary record of the table's schema, with Avro's low-level encoder. */
final class AvroRowEncoder {
  private final Schema schema;
  private BinaryEncoder encoder;

  AvroRowEncoder(Schema schema) {
    this.schema = schema;
  }

  void encode(VectorSchemaRoot batch, int row, OutputStream out) throws IOException {
    encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
    List<Schema.Field> fields = schema.getFields();
    for (int i = 0; i < fields.size(); i++) {
      FieldVector v = batch.getVector(i);
      if (fields.get(i).schema().getType() == Schema.Type.UNION) {
        if (v.isNull(row)) {
          encoder.writeIndex(0);
          encoder.writeNull();
          continue;
        }
        encoder.writeIndex(1);
      }
      write(v, row);
    }
    encoder.flush();
  }

  private void write(FieldVector v, int row) throws IOException {
    if (v instanceof BitVector b) {
      encoder.writeBoolean(b.get(row) != 0);
    } else if (v instanceof IntVector x) {
      encoder.writeInt(x.get(row));
    } else if (v instanceof SmallIntVector x) {
      encoder.writeInt(x.get(row));
    } else if (v instanceof TinyIntVector x) {
      encoder.writeInt(x.get(row));
    } else if (v instanceof DateDayVector x) {
      encoder.writeInt(x.get(row));
    } else if (v instanceof TimeMilliVector x) {
      encoder.writeInt(x.get(row));
    } else if (v instanceof BigIntVector x) {
      encoder.writeLong(x.get(row));
    } else if (v instanceof TimeStampVector x) {
      encoder.writeLong(x.get(row));
    } else if (v instanceof Float4Vector x) {
      encoder.writeFloat(x.get(row));
    } else if (v instanceof Float8Vector x) {
      encoder.writeDouble(x.get(row));
    } else if (v instanceof VarCharVector x) {
      byte[] utf8 = x.get(row);
      encoder.writeString(new org.apache.avro.util.Utf8(utf8));
    } else if (v instanceof VarBinaryVector x) {
      encoder.writeBytes(x.get(row));
    } else if (v instanceof DecimalVector x) {
      encoder.writeBytes(ByteBuffer.wrap(x.getObject(row).unscaledValue().toByteArray()));
    } else {
      throw new IOException("column '" + v.getName() + "' cannot be written as Avro");
    }
  }
}
