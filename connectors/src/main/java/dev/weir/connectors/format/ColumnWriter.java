package dev.weir.connectors.format;

import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Temporal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
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
import org.apache.arrow.vector.complex.StructVector;

/**
 * Writes decoded values into one column's vector, converting from what a format found (a number,
 * text, a boolean) to the column's SQL type. Built once per column; no per-row type dispatch
 * beyond one virtual call. A value that does not fit throws {@link IllegalArgumentException}
 * saying what was expected.
 */
public abstract class ColumnWriter {
  protected final String name;
  protected final DataType type;

  ColumnWriter(String name, DataType type) {
    this.name = name;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public DataType type() {
    return type;
  }

  /** Sets NULL; a NOT NULL column refuses it. */
  public final void setNull(int row) {
    if (!type.nullable()) {
      throw new IllegalArgumentException("column '" + name + "' is NOT NULL but the record has no value for it");
    }
    writeNull(row);
  }

  protected abstract void writeNull(int row);

  /** Sets the value from its text (CSV cells, JSON strings). */
  public abstract void setText(int row, String text);

  public void setLong(int row, long value) {
    throw mismatch("a number");
  }

  public void setDouble(int row, double value) {
    throw mismatch("a number");
  }

  public void setDecimal(int row, BigDecimal value) {
    setDouble(row, value.doubleValue());
  }

  public void setBoolean(int row, boolean value) {
    throw mismatch("a boolean");
  }

  protected IllegalArgumentException mismatch(String found) {
    return new IllegalArgumentException("column '" + name + "' expects " + type.sql() + " but found " + found);
  }

  protected IllegalArgumentException badText(String text) {
    return new IllegalArgumentException("column '" + name + "' expects " + type.sql() + " but found '" + text + "'");
  }

  /** The writer for column {@code vector} of type {@code type}. */
  public static ColumnWriter of(FieldVector vector, DataType type) {
    return of(vector, type, vector.getName());
  }

  /** The writer for {@code vector}, named in errors as {@code name} ({@code person.id} for a field). */
  private static ColumnWriter of(FieldVector vector, DataType type, String name) {
    return switch (type.kind()) {
      case BOOLEAN -> new BooleanWriter(name, type, (BitVector) vector);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> new IntegerWriter(name, type, vector);
      case FLOAT, DOUBLE -> new FloatingWriter(name, type, vector);
      case DECIMAL -> new DecimalWriter(name, type, (DecimalVector) vector);
      case VARCHAR -> new StringWriter(name, type, (VarCharVector) vector);
      case VARBINARY -> new BinaryWriter(name, type, (VarBinaryVector) vector);
      case DATE -> new DateWriter(name, type, (DateDayVector) vector);
      case TIME -> new TimeWriter(name, type, (TimeMilliVector) vector);
      case TIMESTAMP, TIMESTAMP_LTZ -> new TimestampWriter(name, type, (TimeStampVector) vector);
      case ROW -> new RowWriter(name, type, (StructVector) vector);
      case MAP -> throw new dev.weir.catalog.ValidationException("Column '" + name + "' is a " + type.sql()
          + ", which formats cannot read yet; MAP columns hold connector metadata such as Kafka's _headers.");
    };
  }

  private static final class BooleanWriter extends ColumnWriter {
    private final BitVector v;

    BooleanWriter(String name, DataType type, BitVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    @Override
    public void setBoolean(int row, boolean value) {
      v.setSafe(row, value ? 1 : 0);
    }

    @Override
    public void setText(int row, String text) {
      String t = text.trim();
      if (t.equalsIgnoreCase("true")) {
        setBoolean(row, true);
      } else if (t.equalsIgnoreCase("false")) {
        setBoolean(row, false);
      } else {
        throw badText(text);
      }
    }
  }

  private static final class IntegerWriter extends ColumnWriter {
    private final FieldVector v;
    private final long min;
    private final long max;

    IntegerWriter(String name, DataType type, FieldVector v) {
      super(name, type);
      this.v = v;
      switch (type.kind()) {
        case TINYINT -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
        case SMALLINT -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
        case INTEGER -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
        default -> { min = Long.MIN_VALUE; max = Long.MAX_VALUE; }
      }
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    @Override
    public void setLong(int row, long value) {
      if (value < min || value > max) {
        throw new IllegalArgumentException("column '" + name + "' (" + type.sql() + ") cannot hold " + value);
      }
      if (v instanceof BigIntVector b) {
        b.setSafe(row, value);
      } else if (v instanceof IntVector i) {
        i.setSafe(row, (int) value);
      } else if (v instanceof SmallIntVector s) {
        s.setSafe(row, (short) value);
      } else {
        ((TinyIntVector) v).setSafe(row, (byte) value);
      }
    }

    @Override
    public void setDouble(int row, double value) {
      if (value != Math.rint(value)) {
        throw mismatch("the fraction " + value);
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException("column '" + name + "' (" + type.sql() + ") cannot hold " + value);
      }
      setLong(row, (long) value);
    }

    @Override
    public void setDecimal(int row, BigDecimal value) {
      if (value.stripTrailingZeros().scale() > 0) {
        throw mismatch("the fraction " + value);
      }
      try {
        setLong(row, value.longValueExact());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("column '" + name + "' (" + type.sql() + ") cannot hold " + value);
      }
    }

    @Override
    public void setText(int row, String text) {
      try {
        setLong(row, Long.parseLong(text.trim()));
      } catch (NumberFormatException e) {
        throw badText(text);
      }
    }
  }

  private static final class FloatingWriter extends ColumnWriter {
    private final FieldVector v;

    FloatingWriter(String name, DataType type, FieldVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    @Override
    public void setLong(int row, long value) {
      setDouble(row, value);
    }

    @Override
    public void setDouble(int row, double value) {
      if (v instanceof Float8Vector d) {
        d.setSafe(row, value);
      } else {
        ((Float4Vector) v).setSafe(row, (float) value);
      }
    }

    @Override
    public void setText(int row, String text) {
      try {
        setDouble(row, Double.parseDouble(text.trim()));
      } catch (NumberFormatException e) {
        throw badText(text);
      }
    }
  }

  private static final class DecimalWriter extends ColumnWriter {
    private final DecimalVector v;

    DecimalWriter(String name, DataType type, DecimalVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    @Override
    public void setLong(int row, long value) {
      setDecimal(row, BigDecimal.valueOf(value));
    }

    @Override
    public void setDouble(int row, double value) {
      setDecimal(row, BigDecimal.valueOf(value));
    }

    @Override
    public void setDecimal(int row, BigDecimal value) {
      BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
      if (scaled.precision() > type.precision()) {
        throw new IllegalArgumentException("column '" + name + "' (" + type.sql() + ") cannot hold " + value);
      }
      v.setSafe(row, scaled);
    }

    @Override
    public void setText(int row, String text) {
      try {
        setDecimal(row, new BigDecimal(text.trim()));
      } catch (NumberFormatException e) {
        throw badText(text);
      }
    }
  }

  private static final class StringWriter extends ColumnWriter {
    private final VarCharVector v;

    StringWriter(String name, DataType type, VarCharVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    @Override
    public void setText(int row, String text) {
      v.setSafe(row, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void setLong(int row, long value) {
      setText(row, Long.toString(value));
    }

    @Override
    public void setDouble(int row, double value) {
      setText(row, Double.toString(value));
    }

    @Override
    public void setDecimal(int row, BigDecimal value) {
      setText(row, value.toPlainString());
    }

    @Override
    public void setBoolean(int row, boolean value) {
      setText(row, Boolean.toString(value));
    }
  }

  private static final class BinaryWriter extends ColumnWriter {
    private final VarBinaryVector v;

    BinaryWriter(String name, DataType type, VarBinaryVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    /** Binary values travel as base64 text in JSON and CSV. */
    @Override
    public void setText(int row, String text) {
      try {
        v.setSafe(row, Base64.getDecoder().decode(text.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("column '" + name + "' expects base64 bytes but found '" + text + "'");
      }
    }
  }

  private static final class DateWriter extends ColumnWriter {
    private final DateDayVector v;

    DateWriter(String name, DataType type, DateDayVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    @Override
    public void setLong(int row, long epochDay) {
      v.setSafe(row, (int) epochDay);
    }

    @Override
    public void setText(int row, String text) {
      try {
        v.setSafe(row, Temporal.parseDate(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("column '" + name + "': " + e.getMessage());
      }
    }
  }

  private static final class TimeWriter extends ColumnWriter {
    private final TimeMilliVector v;

    TimeWriter(String name, DataType type, TimeMilliVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    @Override
    public void setLong(int row, long millisOfDay) {
      v.setSafe(row, (int) millisOfDay);
    }

    @Override
    public void setText(int row, String text) {
      try {
        v.setSafe(row, Temporal.parseTime(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("column '" + name + "': " + e.getMessage());
      }
    }
  }

  private static final class TimestampWriter extends ColumnWriter {
    private final TimeStampVector v;

    TimestampWriter(String name, DataType type, TimeStampVector v) {
      super(name, type);
      this.v = v;
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    /** A number is epoch milliseconds. */
    @Override
    public void setLong(int row, long epochMillis) {
      v.setSafe(row, epochMillis);
    }

    @Override
    public void setText(int row, String text) {
      try {
        v.setSafe(row, Temporal.parseTimestamp(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("column '" + name + "': " + e.getMessage());
      }
    }
  }

  /**
   * The writer of a ROW column: a writer per field over the struct's child vectors. A format with
   * nested records (JSON objects) starts a row with {@link #begin}, writes the fields it finds
   * through {@link #field}, and ends with {@link #end}, which sets the fields not written to NULL.
   */
  public static final class RowWriter extends ColumnWriter {
    private final StructVector v;
    private final ColumnWriter[] fields;
    private final boolean[] written;

    RowWriter(String name, DataType type, StructVector v) {
      super(name, type);
      this.v = v;
      this.fields = new ColumnWriter[type.fields().size()];
      this.written = new boolean[fields.length];
      for (int i = 0; i < fields.length; i++) {
        DataType.RowField f = type.fields().get(i);
        // a row's fields are NULL whenever the row is, whatever they declare
        fields[i] = ColumnWriter.of((FieldVector) v.getChildByOrdinal(i), f.type().withNullable(true),
            name + "." + f.name());
      }
    }

    @Override
    protected void writeNull(int row) {
      v.setNull(row);
    }

    /** Starts a present (not NULL) row at {@code row}. */
    public void begin(int row) {
      v.setIndexDefined(row);
      Arrays.fill(written, false);
    }

    /** The writer of field {@code index} (in the order of the ROW type), which counts as written. */
    public ColumnWriter field(int index) {
      written[index] = true;
      return fields[index];
    }

    /** Ends the row at {@code row}: fields not written are NULL. */
    public void end(int row) {
      for (int i = 0; i < fields.length; i++) {
        if (!written[i]) {
          fields[i].setNull(row);
        }
      }
    }

    @Override
    public void setText(int row, String text) {
      throw mismatch("the text '" + text + "'");
    }
  }
}
