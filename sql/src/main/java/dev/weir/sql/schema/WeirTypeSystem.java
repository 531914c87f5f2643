package dev.weir.sql.schema;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/** Calcite's type system with Flink's choices: unbounded strings, millisecond timestamps, VARCHAR for mixed-length literals. */
public final class WeirTypeSystem extends RelDataTypeSystemImpl {
  public static final WeirTypeSystem INSTANCE = new WeirTypeSystem();

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case VARCHAR, CHAR, VARBINARY, BINARY -> Integer.MAX_VALUE;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME -> 9;
      default -> super.getMaxPrecision(typeName);
    };
  }

  @Override
  public int getDefaultPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case VARCHAR, VARBINARY -> Integer.MAX_VALUE;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 3;
      default -> super.getDefaultPrecision(typeName);
    };
  }

  /** AVG of a DECIMAL keeps at least 6 fractional digits (Flink's rule); of other types, the argument's type. */
  @Override
  public org.apache.calcite.rel.type.RelDataType deriveAvgAggType(org.apache.calcite.rel.type.RelDataTypeFactory f,
      org.apache.calcite.rel.type.RelDataType argument) {
    if (argument.getSqlTypeName() == SqlTypeName.DECIMAL) {
      return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DECIMAL, 38, Math.max(argument.getScale(), 6)),
          argument.isNullable());
    }
    return super.deriveAvgAggType(f, argument);
  }

  /** {@code CASE WHEN .. THEN 'yes' ELSE 'no' END} is VARCHAR, not a blank-padded CHAR(3). */
  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
