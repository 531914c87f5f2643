package dev.weir.sql.functions;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/** Flink SQL's scalar functions that Calcite's standard table lacks. */
public final class WeirFunctions {
  private WeirFunctions() {}

  /** {@code REGEXP_EXTRACT(str, regex [, group])}: the group (default 0, the whole match) of the first match, or NULL. */
  public static final SqlFunction REGEXP_EXTRACT = SqlBasicFunction.create("REGEXP_EXTRACT",
      ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE),
      OperandTypes.or(OperandTypes.STRING_STRING,
          OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.INTEGER)),
      SqlFunctionCategory.STRING);

  /** {@code SPLIT_INDEX(str, separator, index)}: the index-th (from 0) piece, or NULL if there is none. */
  public static final SqlFunction SPLIT_INDEX = SqlBasicFunction.create("SPLIT_INDEX",
      ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE),
      OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.INTEGER),
      SqlFunctionCategory.STRING);

  /** {@code DATE_FORMAT(timestamp, 'yyyy-MM-dd HH:mm')}: the timestamp as text in a Java date pattern. */
  public static final SqlFunction DATE_FORMAT = SqlBasicFunction.create("DATE_FORMAT",
      ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE),
      OperandTypes.or(OperandTypes.family(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.STRING),
          OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING)),
      SqlFunctionCategory.TIMEDATE);

  /** {@code CONCAT(s1, s2, ...)}: the strings joined; NULL if any is NULL (as in Flink). */
  public static final SqlFunction CONCAT = SqlBasicFunction.create("CONCAT",
      ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE),
      OperandTypes.repeat(SqlOperandCountRanges.from(1), OperandTypes.STRING),
      SqlFunctionCategory.STRING);

  /** {@code REPLACE(str, search, replacement)}. */
  public static final SqlFunction REPLACE = SqlStdOperatorTable.REPLACE;

  /**
   * {@code PROCTIME()}: the wall-clock time as a row is processed (one value per batch). Windows
   * over it are processing-time windows: they close as the clock passes them.
   */
  public static final SqlFunction PROCTIME = SqlBasicFunction.create("PROCTIME",
      ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3), OperandTypes.NILADIC, SqlFunctionCategory.TIMEDATE)
      .withDeterministic(false).withDynamic(true);

  public static final List<SqlFunction> ALL = List.of(REGEXP_EXTRACT, SPLIT_INDEX, DATE_FORMAT, CONCAT, PROCTIME);

  /** Calcite's standard operators, with our window functions in place of Calcite's, then ours. */
  public static SqlOperatorTable operatorTable() {
    return SqlOperatorTables.chain(SqlOperatorTables.of(WindowFunctions.ALL), withoutWindowFunctions(),
        SqlOperatorTables.of(ALL));
  }

  /** Calcite's table without its TUMBLE/HOP/SESSION table functions: two overloads would leave calls unresolved. */
  private static SqlOperatorTable withoutWindowFunctions() {
    SqlOperatorTable std = SqlStdOperatorTable.instance();
    return new SqlOperatorTable() {
      @Override
      public void lookupOperatorOverloads(SqlIdentifier opName,
          SqlFunctionCategory category, SqlSyntax syntax,
          List<SqlOperator> operatorList, SqlNameMatcher matcher) {
        List<SqlOperator> found = new ArrayList<>();
        std.lookupOperatorOverloads(opName, category, syntax, found, matcher);
        found.stream().filter(op -> !(op instanceof SqlWindowTableFunction)).forEach(operatorList::add);
      }

      @Override
      public List<SqlOperator> getOperatorList() {
        return std.getOperatorList().stream()
            .filter(op -> !(op instanceof SqlWindowTableFunction)).toList();
      }
    };
  }
}
