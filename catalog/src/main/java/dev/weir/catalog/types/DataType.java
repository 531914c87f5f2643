package dev.weir.catalog.types;

import dev.weir.catalog.ValidationException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A SQL data type: its kind, precision and scale where they matter, nullability, for a MAP the
 * types of its keys and values, and for a ROW its named fields.
 *
 * <p>This is the one place where SQL types meet Arrow: {@link #toArrowField} and {@link
 * #fromArrow} are inverse for every kind. Timestamps are milliseconds since the epoch without a
 * zone ({@code TIMESTAMP(3)}); dates are days since the epoch; times are milliseconds of the day.
 * A ROW is an Arrow struct: one child vector per field, in order, named as the field.
 */
public record DataType(Kind kind, int precision, int scale, boolean nullable, DataType keyType, DataType valueType,
    List<RowField> fields) {

  /** A named field of a ROW type; the name keeps the case it was declared with. */
  public record RowField(String name, DataType type) {}

  /** The kinds of data Weir stores, with their SQL spelling. */
  public enum Kind {
    BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL,
    VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, MAP, ROW;

    public boolean isInteger() {
      return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
    }

    public boolean isNumeric() {
      return isInteger() || this == FLOAT || this == DOUBLE || this == DECIMAL;
    }
  }

  /** Type names accepted in DDL beside the standard ones, mapped to the kind they mean. */
  public static final Map<String, Kind> ALIASES = Map.ofEntries(
      Map.entry("STRING", Kind.VARCHAR), Map.entry("TEXT", Kind.VARCHAR), Map.entry("JSON", Kind.VARCHAR),
      Map.entry("BYTES", Kind.VARBINARY), Map.entry("BYTEA", Kind.VARBINARY),
      Map.entry("INT", Kind.INTEGER), Map.entry("LONG", Kind.BIGINT), Map.entry("BOOL", Kind.BOOLEAN),
      Map.entry("REAL", Kind.FLOAT), Map.entry("DATETIME", Kind.TIMESTAMP));

  public static final int DEFAULT_TIMESTAMP_PRECISION = 3;

  /** A type other than MAP and ROW. */
  public DataType(Kind kind, int precision, int scale, boolean nullable) {
    this(kind, precision, scale, nullable, null, null, null);
  }

  public DataType {
    fields = fields == null ? null : List.copyOf(fields);
  }

  /**
   * {@code ROW<name type, ...>}: a nullable structure of named fields, each nullable unless
   * declared NOT NULL. Field names are unique, compared as written (case-sensitive, as columns).
   */
  public static DataType row(List<RowField> fields) {
    if (fields.isEmpty()) {
      throw new ValidationException("A ROW type needs at least one field.");
    }
    Set<String> names = new HashSet<>();
    for (RowField f : fields) {
      if (!names.add(f.name())) {
        throw new ValidationException("ROW field '" + f.name() + "' is declared twice.");
      }
    }
    return new DataType(Kind.ROW, -1, 0, true, null, null, fields);
  }

  /** The index of the ROW field named {@code name}, or -1. */
  public int fieldIndex(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code MAP<key, value>}: keys are never NULL, values may be. Maps hold connector metadata
   * (Kafka's headers) for now: STRING keys and STRING or BYTES values.
   */
  public static DataType map(DataType key, DataType value) {
    if (key.kind() != Kind.VARCHAR || value.kind() != Kind.VARCHAR && value.kind() != Kind.VARBINARY) {
      throw new ValidationException("MAP<" + key.withNullable(true).sql() + ", "
          + value.withNullable(true).sql() + "> is not supported yet: maps have STRING keys and STRING or BYTES values.");
    }
    return new DataType(Kind.MAP, -1, 0, true, key.notNull(), value.withNullable(true), null);
  }

  public static DataType of(Kind kind) {
    return switch (kind) {
      case DECIMAL -> decimal(38, 18);
      case TIMESTAMP, TIMESTAMP_LTZ, TIME -> new DataType(kind, DEFAULT_TIMESTAMP_PRECISION, 0, true);
      default -> new DataType(kind, -1, 0, true);
    };
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(Kind.DECIMAL, precision, scale, true);
  }

  public static DataType varchar() {
    return of(Kind.VARCHAR);
  }

  public static DataType bigint() {
    return of(Kind.BIGINT);
  }

  public static DataType timestamp() {
    return of(Kind.TIMESTAMP);
  }

  public DataType notNull() {
    return withNullable(false);
  }

  public DataType withNullable(boolean isNullable) {
    return new DataType(kind, precision, scale, isNullable, keyType, valueType, fields);
  }

  /**
   * The SQL spelling, as DESCRIBE shows it: {@code DECIMAL(10, 2)}, {@code TIMESTAMP(3) NOT NULL},
   * {@code ROW<id BIGINT, `dateTime` TIMESTAMP(3)>} (Flink's spelling; names quoted when needed).
   */
  public String sql() {
    String base = switch (kind) {
      case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
      case TIMESTAMP -> "TIMESTAMP(" + precision + ")";
      case TIMESTAMP_LTZ -> "TIMESTAMP_LTZ(" + precision + ")";
      case MAP -> "MAP<" + keyType.withNullable(true).sql() + ", " + valueType.withNullable(true).sql() + ">";
      case ROW -> {
        StringJoiner joined = new StringJoiner(", ", "ROW<", ">");
        fields.forEach(f -> joined.add(quoteIfNeeded(f.name()) + " " + f.type().sql()));
        yield joined.toString();
      }
      default -> kind.name();
    };
    return nullable ? base : base + " NOT NULL";
  }

  /** A field name as DDL would accept it back: bare when a lower-case plain word, else back-quoted. */
  private static String quoteIfNeeded(String name) {
    return name.matches("[a-z_][a-z0-9_]*") && kindOf(name) == null ? name : "`" + name.replace("`", "``") + "`";
  }

  @Override
  public String toString() {
    return sql();
  }

  /** The Arrow field that stores a column of this type. */
  public Field toArrowField(String name) {
    if (kind == Kind.MAP) {
      // Arrow's layout of a map: a list of non-null (key, value) structs
      Field entries = new Field(MapVector.DATA_VECTOR_NAME, new FieldType(false, ArrowType.Struct.INSTANCE, null),
          List.of(keyType.toArrowField(MapVector.KEY_NAME), valueType.toArrowField(MapVector.VALUE_NAME)));
      return new Field(name, new FieldType(nullable, arrowType(), null), List.of(entries));
    }
    if (kind == Kind.ROW) {
      return new Field(name, new FieldType(nullable, arrowType(), null),
          fields.stream().map(f -> f.type().toArrowField(f.name())).toList());
    }
    return new Field(name, new FieldType(nullable, arrowType(), null), null);
  }

  public ArrowType arrowType() {
    return switch (kind) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case TINYINT -> new ArrowType.Int(8, true);
      case SMALLINT -> new ArrowType.Int(16, true);
      case INTEGER -> new ArrowType.Int(32, true);
      case BIGINT -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
      case VARBINARY -> ArrowType.Binary.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case TIMESTAMP_LTZ -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
      case MAP -> new ArrowType.Map(false);
      case ROW -> ArrowType.Struct.INSTANCE;
    };
  }

  /** The SQL type of an Arrow field written by {@link #toArrowField}. */
  public static DataType fromArrow(Field field) {
    ArrowType t = field.getType();
    DataType type = switch (t.getTypeID()) {
      case Bool -> of(Kind.BOOLEAN);
      case Int -> switch (((ArrowType.Int) t).getBitWidth()) {
        case 8 -> of(Kind.TINYINT);
        case 16 -> of(Kind.SMALLINT);
        case 32 -> of(Kind.INTEGER);
        default -> of(Kind.BIGINT);
      };
      case FloatingPoint -> ((ArrowType.FloatingPoint) t).getPrecision() == FloatingPointPrecision.SINGLE
          ? of(Kind.FLOAT) : of(Kind.DOUBLE);
      case Decimal -> decimal(((ArrowType.Decimal) t).getPrecision(), ((ArrowType.Decimal) t).getScale());
      case Utf8 -> of(Kind.VARCHAR);
      case Binary -> of(Kind.VARBINARY);
      case Date -> of(Kind.DATE);
      case Time -> of(Kind.TIME);
      case Timestamp -> ((ArrowType.Timestamp) t).getTimezone() == null ? of(Kind.TIMESTAMP) : of(Kind.TIMESTAMP_LTZ);
      case Map -> {
        List<Field> entry = field.getChildren().get(0).getChildren();
        yield map(fromArrow(entry.get(0)), fromArrow(entry.get(1)));
      }
      case Struct -> row(field.getChildren().stream().map(c -> new RowField(c.getName(), fromArrow(c))).toList());
      default -> throw new IllegalArgumentException("no SQL type for Arrow type " + t);
    };
    return type.withNullable(field.isNullable());
  }

  /** The kind named by a type name, including the aliases ({@code STRING}, {@code BYTES}, ...), or null. */
  public static Kind kindOf(String typeName) {
    String upper = typeName.toUpperCase(Locale.ROOT);
    Kind alias = ALIASES.get(upper);
    if (alias != null) {
      return alias;
    }
    try {
      Kind kind = Kind.valueOf(upper);
      return kind == Kind.MAP || kind == Kind.ROW ? null : kind; // MAP<k, v> and ROW<...> have their own syntax
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
