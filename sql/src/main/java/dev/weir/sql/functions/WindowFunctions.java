package dev.weir.sql.functions;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlHopTableFunction;
import org.apache.calcite.sql.SqlSessionTableFunction;
import org.apache.calcite.sql.SqlTumbleTableFunction;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * The window table functions in Flink's shape: Calcite's TUMBLE and HOP add {@code window_start}
 * and {@code window_end}; Flink adds {@code window_time} (the window's last millisecond) too.
 */
public final class WindowFunctions {
  private WindowFunctions() {}

  /** Calcite's windowing row type plus {@code window_time}, of the same type as {@code window_end}. */
  static final SqlReturnTypeInference WITH_WINDOW_TIME = binding -> {
    RelDataType base = SqlWindowTableFunction.ARG0_TABLE_FUNCTION_WINDOWING.inferReturnType(binding);
    RelDataTypeField end = base.getField("window_end", true, false);
    return binding.getTypeFactory().builder().addAll(base.getFieldList()).add("window_time", end.getType()).build();
  };

  public static final SqlWindowTableFunction TUMBLE = new SqlTumbleTableFunction() {
    @Override
    public SqlReturnTypeInference getRowTypeInference() {
      return WITH_WINDOW_TIME;
    }
  };

  public static final SqlWindowTableFunction HOP = new SqlHopTableFunction() {
    @Override
    public SqlReturnTypeInference getRowTypeInference() {
      return WITH_WINDOW_TIME;
    }
  };

  /**
   * {@code CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])}: windows that share a start and
   * grow by {@code step} up to {@code size} (Flink's; Calcite has none). Its operands are HOP's.
   */
  public static final SqlWindowTableFunction CUMULATE = new SqlHopTableFunction() {
    @Override
    public String getName() {
      return "CUMULATE";
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
      return WITH_WINDOW_TIME;
    }
  };

  /**
   * {@code SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)} (Flink's form; Calcite's {@code
   * SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k), gap)} too): sessions of each key's rows less
   * than {@code gap} apart.
   */
  public static final SqlWindowTableFunction SESSION = new SqlSessionTableFunction() {
    @Override
    public SqlReturnTypeInference getRowTypeInference() {
      return WITH_WINDOW_TIME;
    }
  };

  public static final List<SqlWindowTableFunction> ALL = List.of(TUMBLE, HOP, CUMULATE, SESSION);
}
