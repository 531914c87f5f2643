package dev.weir.sql.functions;

import dev.weir.catalog.ValidationException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A user-defined function: any public class with a public no-argument constructor and public
 * {@code eval} methods (no Weir or Flink base class). Its SQL signature comes from the methods:
 * overloads are resolved by argument types, preferring the narrowest parameter types.
 */
public final class JavaUdf extends SqlFunction {
  private static final Map<Class<?>, SqlTypeName> TYPES = Map.ofEntries(
      Map.entry(long.class, SqlTypeName.BIGINT), Map.entry(Long.class, SqlTypeName.BIGINT),
      Map.entry(int.class, SqlTypeName.INTEGER), Map.entry(Integer.class, SqlTypeName.INTEGER),
      Map.entry(short.class, SqlTypeName.SMALLINT), Map.entry(Short.class, SqlTypeName.SMALLINT),
      Map.entry(byte.class, SqlTypeName.TINYINT), Map.entry(Byte.class, SqlTypeName.TINYINT),
      Map.entry(double.class, SqlTypeName.DOUBLE), Map.entry(Double.class, SqlTypeName.DOUBLE),
      Map.entry(float.class, SqlTypeName.REAL), Map.entry(Float.class, SqlTypeName.REAL),
      Map.entry(boolean.class, SqlTypeName.BOOLEAN), Map.entry(Boolean.class, SqlTypeName.BOOLEAN),
      Map.entry(String.class, SqlTypeName.VARCHAR), Map.entry(BigDecimal.class, SqlTypeName.DECIMAL),
      Map.entry(byte[].class, SqlTypeName.VARBINARY));
  /** Narrower parameter types first when several overloads fit. */
  private static final List<Class<?>> RANK = List.of(byte.class, Byte.class, short.class, Short.class, int.class,
      Integer.class, long.class, Long.class, float.class, Float.class, double.class, Double.class, BigDecimal.class);

  private final Class<?> implementation;
  private final List<Method> evals;

  private JavaUdf(String name, Class<?> implementation, List<Method> evals) {
    super(name.toUpperCase(Locale.ROOT), SqlKind.OTHER_FUNCTION, null, null, null,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.implementation = implementation;
    this.evals = evals;
  }

  /** Checks {@code className} and wraps it as a function; every problem is one clear line. */
  public static JavaUdf of(String name, String className, ClassLoader loader) {
    Class<?> c;
    try {
      c = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ValidationException("Function '" + name + "': class '" + className + "' not found."
          + " Add the jar that holds it with ADD JAR '/path/to.jar'.");
    }
    if (!Modifier.isPublic(c.getModifiers())) {
      throw new ValidationException("Function '" + name + "': class '" + className + "' is not public.");
    }
    try {
      c.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new ValidationException("Function '" + name + "': class '" + className
          + "' needs a public constructor without arguments.");
    }
    List<Method> evals = new ArrayList<>();
    for (Method m : c.getMethods()) {
      if (m.getName().equals("eval") && !Modifier.isStatic(m.getModifiers()) && supported(m)) {
        evals.add(m);
      }
    }
    if (evals.isEmpty()) {
      throw new ValidationException("Function '" + name + "': class '" + className
          + "' has no public eval(...) method with supported types (long, int, double, boolean, String,"
          + " BigDecimal, byte[] and their boxes).");
    }
    evals.sort(Comparator.comparing(Method::toString));
    return new JavaUdf(name, c, List.copyOf(evals));
  }

  private static boolean supported(Method m) {
    if (!TYPES.containsKey(m.getReturnType())) {
      return false;
    }
    for (Class<?> p : m.getParameterTypes()) {
      if (!TYPES.containsKey(p)) {
        return false;
      }
    }
    return true;
  }

  public Class<?> implementation() {
    return implementation;
  }

  /** A new instance for one running operator (UDFs may keep state; instances are not shared). */
  public Object newInstance() {
    try {
      return implementation.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ValidationException("Function '" + getName() + "' could not be instantiated: " + e.getCause());
    }
  }

  private static boolean accepts(Class<?> parameter, RelDataType argument) {
    SqlTypeName t = argument.getSqlTypeName();
    if (t == SqlTypeName.NULL) {
      return !parameter.isPrimitive();
    }
    SqlTypeName p = TYPES.get(parameter);
    if (SqlTypeFamily.CHARACTER.contains(argument)) {
      return p == SqlTypeName.VARCHAR;
    }
    if (t == SqlTypeName.BOOLEAN) {
      return p == SqlTypeName.BOOLEAN;
    }
    if (SqlTypeFamily.BINARY.contains(argument)) {
      return p == SqlTypeName.VARBINARY;
    }
    if (SqlTypeFamily.EXACT_NUMERIC.contains(argument) && t != SqlTypeName.DECIMAL) {
      // an integer argument fits an integer parameter at least as wide, or any fractional one
      List<SqlTypeName> widths = List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER,
          SqlTypeName.BIGINT);
      return widths.contains(p) ? widths.indexOf(p) >= widths.indexOf(t)
          : p == SqlTypeName.DOUBLE || p == SqlTypeName.REAL || p == SqlTypeName.DECIMAL;
    }
    if (t == SqlTypeName.DECIMAL) {
      return p == SqlTypeName.DECIMAL || p == SqlTypeName.DOUBLE;
    }
    if (SqlTypeFamily.APPROXIMATE_NUMERIC.contains(argument)) {
      return p == SqlTypeName.DOUBLE || (p == SqlTypeName.REAL && t == SqlTypeName.REAL);
    }
    return false;
  }

  /** The eval method for these argument types, or null. */
  public Method resolve(List<RelDataType> arguments) {
    Method best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Method m : evals) {
      Class<?>[] params = m.getParameterTypes();
      if (params.length != arguments.size()) {
        continue;
      }
      boolean fits = true;
      int rank = 0;
      for (int i = 0; i < params.length && fits; i++) {
        fits = accepts(params[i], arguments.get(i));
        rank += Math.max(0, RANK.indexOf(params[i]));
      }
      if (fits && rank < bestRank) {
        best = m;
        bestRank = rank;
      }
    }
    return best;
  }

  /** The SQL type of a Java value type; boxed types and objects are nullable. */
  public static RelDataType sqlType(Class<?> type, RelDataTypeFactory f) {
    SqlTypeName name = TYPES.get(type);
    RelDataType t = switch (name) {
      case VARCHAR, VARBINARY -> f.createSqlType(name, Integer.MAX_VALUE);
      case DECIMAL -> f.createSqlType(name, 38, 18);
      default -> f.createSqlType(name);
    };
    return f.createTypeWithNullability(t, true);
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    List<RelDataType> args = new ArrayList<>();
    for (int i = 0; i < binding.getOperandCount(); i++) {
      args.add(binding.getOperandType(i));
    }
    Method m = resolve(args);
    if (m == null) {
      throw new ValidationException("No eval method of function '" + getName() + "' takes " + args + ".");
    }
    return sqlType(m.getReturnType(), binding.getTypeFactory());
  }

  @Override
  public String getAllowedSignatures(String opNameToUse) {
    return getOperandTypeChecker().getAllowedSignatures(this, opNameToUse);
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return getOperandTypeChecker().getOperandCountRange();
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    return getOperandTypeChecker().checkOperandTypes(binding, throwOnFailure);
  }

  @Override
  public SqlOperandTypeChecker getOperandTypeChecker() {
    return new SqlOperandTypeChecker() {
      @Override
      public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
        List<RelDataType> args = new ArrayList<>();
        for (int i = 0; i < binding.getOperandCount(); i++) {
          args.add(binding.getOperandType(i));
        }
        if (resolve(args) != null) {
          return true;
        }
        if (throwOnFailure) {
          throw binding.newValidationSignatureError();
        }
        return false;
      }

      @Override
      public SqlOperandCountRange getOperandCountRange() {
        int min = evals.stream().mapToInt(Method::getParameterCount).min().orElse(0);
        int max = evals.stream().mapToInt(Method::getParameterCount).max().orElse(0);
        return SqlOperandCountRanges.between(min, max);
      }

      @Override
      public String getAllowedSignatures(SqlOperator op, String opName) {
        List<String> signatures = new ArrayList<>();
        for (Method m : evals) {
          List<String> params = new ArrayList<>();
          for (Class<?> p : m.getParameterTypes()) {
            params.add(TYPES.get(p).getName());
          }
          signatures.add(opName + "(" + String.join(", ", params) + ")");
        }
        return String.join("\n", signatures);
      }
    };
  }
}
