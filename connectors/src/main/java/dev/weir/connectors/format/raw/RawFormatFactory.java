package dev.weir.connectors.format.raw;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The record's bytes as one column: BYTES as they are, or STRING decoded in 'raw.charset'. */
public final class RawFormatFactory implements FormatFactory {
  public static final ConfigOption<String> CHARSET = ConfigOption.string("raw.charset").defaultValue("UTF-8")
      .withDescription("The character set of a STRING column's bytes.");

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public String description() {
    return "The whole record as one BYTES or STRING column, untouched.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(CHARSET);
  }

  @Override
  public String fileExtension() {
    return "txt";
  }

  private static Column single(FormatContext context) {
    List<Column> columns = context.columns();
    if (columns.size() != 1 || !(columns.get(0).type().kind() == DataType.Kind.VARBINARY
        || columns.get(0).type().kind() == DataType.Kind.VARCHAR)) {
      throw new ValidationException("Format 'raw' reads and writes exactly one BYTES or STRING column, but the table"
          + " gives it " + columns.stream().map(c -> c.name() + " " + c.type().sql()).toList() + ".");
    }
    return columns.get(0);
  }

  private static Charset charset(FormatContext context) {
    String name = context.options().get(CHARSET);
    try {
      return Charset.forName(name);
    } catch (RuntimeException e) {
      throw new ValidationException("Invalid value '" + name + "' for option 'raw.charset': not a known character set.");
    }
  }

  @Override
  public Decoder createDecoder(FormatContext context) {
    boolean text = single(context).type().kind() == DataType.Kind.VARCHAR;
    Charset charset = charset(context);
    boolean utf8 = charset.equals(StandardCharsets.UTF_8);
    return (bytes, offset, length, out, row) -> {
      if (!text) {
        ((VarBinaryVector) out.getVector(0)).setSafe(row, bytes, offset, length);
      } else if (utf8) {
        ((VarCharVector) out.getVector(0)).setSafe(row, bytes, offset, length);
      } else {
        ((VarCharVector) out.getVector(0)).setSafe(row,
            new String(bytes, offset, length, charset).getBytes(StandardCharsets.UTF_8));
      }
      return true;
    };
  }

  @Override
  public Encoder createEncoder(FormatContext context) {
    boolean text = single(context).type().kind() == DataType.Kind.VARCHAR;
    Charset charset = charset(context);
    return (VectorSchemaRoot batch, int row, OutputStream out) -> {
      var v = batch.getVector(0);
      if (v.isNull(row)) {
        return; // an empty record
      }
      byte[] bytes = text ? ((VarCharVector) v).get(row) : ((VarBinaryVector) v).get(row);
      out.write(text && !charset.equals(StandardCharsets.UTF_8)
          ? new String(bytes, StandardCharsets.UTF_8).getBytes(charset) : bytes);
    };
  }
}
