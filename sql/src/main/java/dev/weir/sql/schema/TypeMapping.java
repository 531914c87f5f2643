package dev.weir.sql.schema;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.DataType.Kind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.StructKind;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlMapTypeNameSpec;
import org.apache.calcite.sql.SqlRowTypeNameSpec;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;

/** The mapping between Weir's {@link DataType} and Calcite's types, in both directions. */
public final class TypeMapping {
  private TypeMapping() {}

  public static RelDataType toRel(DataType type, RelDataTypeFactory f) {
    RelDataType t = switch (type.kind()) {
      case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
      case TINYINT -> f.createSqlType(SqlTypeName.TINYINT);
      case SMALLINT -> f.createSqlType(SqlTypeName.SMALLINT);
      case INTEGER -> f.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> f.createSqlType(SqlTypeName.BIGINT);
      case FLOAT -> f.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
      case VARCHAR -> f.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE);
      case VARBINARY -> f.createSqlType(SqlTypeName.VARBINARY, Integer.MAX_VALUE);
      case DATE -> f.createSqlType(SqlTypeName.DATE);
      case TIME -> f.createSqlType(SqlTypeName.TIME, 3);
      case TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, type.precision());
      case TIMESTAMP_LTZ -> f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, type.precision());
      case MAP -> f.createMapType(toRel(type.keyType(), f), toRel(type.valueType(), f));
      // as Flink's rows: person.id resolves without the table's name, and * does not expand fields
      case ROW -> f.createStructType(StructKind.PEEK_FIELDS_NO_EXPAND,
          type.fields().stream().map(x -> toRel(x.type(), f)).toList(),
          type.fields().stream().map(DataType.RowField::name).toList());
    };
    return f.createTypeWithNullability(t, type.nullable());
  }

  /** The Weir type of a Calcite type, or a clear error for types Weir cannot store. */
  public static DataType fromRel(RelDataType t) {
    DataType d = switch (t.getSqlTypeName()) {
      case BOOLEAN -> DataType.of(Kind.BOOLEAN);
      case TINYINT -> DataType.of(Kind.TINYINT);
      case SMALLINT -> DataType.of(Kind.SMALLINT);
      case INTEGER -> DataType.of(Kind.INTEGER);
      case BIGINT -> DataType.of(Kind.BIGINT);
      case REAL -> DataType.of(Kind.FLOAT);
      case FLOAT, DOUBLE -> DataType.of(Kind.DOUBLE);
      case DECIMAL -> DataType.decimal(t.getPrecision(), t.getScale());
      case CHAR, VARCHAR, NULL, SYMBOL -> DataType.varchar();
      case BINARY, VARBINARY -> DataType.of(Kind.VARBINARY);
      case DATE -> DataType.of(Kind.DATE);
      case TIME -> DataType.of(Kind.TIME);
      case TIMESTAMP -> new DataType(Kind.TIMESTAMP, 3, 0, true);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> new DataType(Kind.TIMESTAMP_LTZ, 3, 0, true);
      case MAP -> DataType.map(fromRel(t.getKeyType()), fromRel(t.getValueType()));
      case ROW -> DataType.row(t.getFieldList().stream()
          .map(x -> new DataType.RowField(x.getName(), fromRel(x.getType()))).toList());
      default -> throw new ValidationException("Values of type " + t.getFullTypeString() + " cannot be stored or returned yet.");
    };
    return d.withNullable(t.isNullable());
  }

  /** The Weir type written in DDL, including Flink's and Arroyo's names (STRING, BYTES, TEXT, JSON). */
  public static DataType fromSpec(SqlDataTypeSpec spec) {
    SqlTypeNameSpec name = spec.getTypeNameSpec();
    boolean nullable = spec.getNullable() == null || spec.getNullable();
    DataType type;
    if (name instanceof SqlBasicTypeNameSpec basic) {
      SqlTypeName typeName = SqlTypeName.get(basic.getTypeName().getSimple());
      if (typeName == null) {
        throw unknownType(basic.getTypeName().getSimple(), spec);
      }
      type = switch (typeName) {
        case BOOLEAN -> DataType.of(Kind.BOOLEAN);
        case TINYINT -> DataType.of(Kind.TINYINT);
        case SMALLINT -> DataType.of(Kind.SMALLINT);
        case INTEGER -> DataType.of(Kind.INTEGER);
        case BIGINT -> DataType.of(Kind.BIGINT);
        case FLOAT, REAL -> DataType.of(Kind.FLOAT);
        case DOUBLE -> DataType.of(Kind.DOUBLE);
        case DECIMAL -> DataType.decimal(basic.getPrecision() < 0 ? 10 : basic.getPrecision(), Math.max(0, basic.getScale()));
        case CHAR, VARCHAR -> DataType.varchar();
        case BINARY, VARBINARY -> DataType.of(Kind.VARBINARY);
        case DATE -> DataType.of(Kind.DATE);
        case TIME -> DataType.of(Kind.TIME);
        case TIMESTAMP -> timestamp(Kind.TIMESTAMP, basic.getPrecision(), spec);
        case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestamp(Kind.TIMESTAMP_LTZ, basic.getPrecision(), spec);
        default -> throw unknownType(typeName.getName(), spec);
      };
    } else if (name instanceof SqlMapTypeNameSpec map) {
      type = DataType.map(fromSpec(map.getKeyType()), fromSpec(map.getValType()));
    } else if (name instanceof SqlRowTypeNameSpec row) {
      List<DataType.RowField> fields = new ArrayList<>();
      for (int i = 0; i < row.getFieldNames().size(); i++) {
        fields.add(new DataType.RowField(row.getFieldNames().get(i).getSimple(), fromSpec(row.getFieldTypes().get(i))));
      }
      type = DataType.row(fields);
    } else if (name instanceof SqlUserDefinedTypeNameSpec user) {
      Kind kind = DataType.kindOf(user.getTypeName().getSimple());
      if (kind == null) {
        throw unknownType(user.getTypeName().getSimple(), spec);
      }
      type = DataType.of(kind);
    } else {
      throw unknownType(name.getTypeName().toString(), spec);
    }
    return type.withNullable(nullable);
  }

  private static DataType timestamp(Kind kind, int precision, SqlDataTypeSpec spec) {
    if (precision > 3) {
      // stored at millisecond precision; finer digits are dropped
      return new DataType(kind, 3, 0, true);
    }
    return new DataType(kind, precision < 0 ? 3 : precision, 0, true);
  }

  private static ValidationException unknownType(String name, SqlDataTypeSpec spec) {
    return new ValidationException("Unknown type '" + name + "' at line " + spec.getParserPosition().getLineNum()
        + ", column " + spec.getParserPosition().getColumnNum() + ". Supported types: BOOLEAN, TINYINT, SMALLINT, INT,"
        + " BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), STRING/VARCHAR/TEXT/JSON, BYTES/VARBINARY, DATE, TIME, TIMESTAMP(3), MAP<k, v>,"
        + " ROW<name type, ...>.");
  }
}
