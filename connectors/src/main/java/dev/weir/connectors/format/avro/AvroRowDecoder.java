package dev.weir.connectors.format.avro;

import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.schema.Column;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.util.Utf8;

/**
 * Reads one Avro binary record straight into a row of vectors with Avro's low-level decoder: no
 * GenericRecord, no boxing. Records written with another schema are read through Avro's schema
 * resolution (fields matched by name, promotions, defaults).
 */
final class AvroRowDecoder {
  private final List<Column> columns;
  private final Schema reader;
  private BinaryDecoder binary;
  private ResolvingDecoder resolving;
  private Schema resolvingWriter;
  private Schema lastWriter;
  private boolean lastWriterIsReader;
  private final Utf8 text = new Utf8();
  private ByteBuffer bytes;

  AvroRowDecoder(List<Column> columns, Schema reader) {
    this.columns = columns;
    this.reader = reader;
  }

  /** Decodes {@code length} bytes at {@code offset}, written with schema {@code writer}. */
  void decode(Schema writer, byte[] data, int offset, int length, VectorSchemaRoot out, int row)
      throws RecordDecodeException {
    binary = DecoderFactory.get().binaryDecoder(data, offset, length, binary);
    try {
      if (writer != lastWriter) {
        lastWriter = writer;
        lastWriterIsReader = writer.equals(reader);
      }
      if (lastWriterIsReader) {
        List<Schema.Field> fields = reader.getFields();
        for (int i = 0; i < fields.size(); i++) {
          read(binary, fields.get(i).schema(), out.getVector(i), row, i);
        }
      } else {
        if (resolving == null || resolvingWriter != writer) {
          resolving = DecoderFactory.get().resolvingDecoder(writer, reader, binary);
          resolvingWriter = writer;
        }
        resolving.configure(binary);
        for (Schema.Field f : resolving.readFieldOrder()) {
          read(resolving, f.schema(), out.getVector(f.pos()), row, f.pos());
        }
        resolving.drain();
      }
    } catch (AvroTypeException e) {
      throw new RecordDecodeException("the record does not match the table's Avro schema: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw new RecordDecodeException("malformed Avro record: " + e);
    }
  }

  private void read(Decoder in, Schema schema, FieldVector v, int row, int column) throws IOException {
    Schema type = schema;
    if (schema.getType() == Schema.Type.UNION) {
      int branch = in.readIndex();
      type = schema.getTypes().get(branch);
      if (type.getType() == Schema.Type.NULL) {
        in.readNull();
        if (!columns.get(column).type().nullable()) {
          throw new IOException("column '" + columns.get(column).name() + "' is NOT NULL but the record has null");
        }
        v.setNull(row);
        return;
      }
    }
    switch (type.getType()) {
      case BOOLEAN -> ((BitVector) v).setSafe(row, in.readBoolean() ? 1 : 0);
      case INT -> {
        int x = in.readInt();
        if (v instanceof IntVector i) {
          i.setSafe(row, x);
        } else if (v instanceof SmallIntVector s) {
          s.setSafe(row, (short) x);
        } else if (v instanceof TinyIntVector t) {
          t.setSafe(row, (byte) x);
        } else if (v instanceof DateDayVector d) {
          d.setSafe(row, x);
        } else {
          ((TimeMilliVector) v).setSafe(row, x);
        }
      }
      case LONG -> {
        long x = in.readLong();
        if (v instanceof BigIntVector b) {
          b.setSafe(row, x);
        } else {
          ((TimeStampVector) v).setSafe(row, x);
        }
      }
      case FLOAT -> ((Float4Vector) v).setSafe(row, in.readFloat());
      case DOUBLE -> ((Float8Vector) v).setSafe(row, in.readDouble());
      case STRING -> {
        Utf8 s = in.readString(text);
        ((VarCharVector) v).setSafe(row, s.getBytes(), 0, s.getByteLength());
      }
      case BYTES -> {
        bytes = in.readBytes(bytes);
        if (v instanceof DecimalVector d) {
          byte[] unscaled = new byte[bytes.remaining()];
          bytes.get(unscaled);
          d.setSafe(row, new BigDecimal(new BigInteger(unscaled), d.getScale()));
        } else {
          ((VarBinaryVector) v).setSafe(row, bytes, bytes.position(), bytes.remaining());
        }
      }
      default -> throw new IOException("Avro type " + type.getType() + " is not supported for column '"
          + columns.get(column).name() + "'");
    }
  }
}
