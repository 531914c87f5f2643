package dev.weir.sql.codegen;

import dev.weir.catalog.WeirException;
import dev.weir.catalog.types.DataType;
import dev.weir.engine.operator.calc.CalcProgram;
import dev.weir.sql.functions.JavaUdf;
import dev.weir.sql.schema.TypeMapping;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles a filter-and-project {@link RexProgram} into a {@link CalcProgram}: Java source with
 * one loop over the batch's rows, each value in a primitive local with a null flag beside it,
 * compiled by Janino. Columns passed through unchanged are copied vector to vector (or moved
 * whole when nothing is filtered). CASE, AND and OR evaluate lazily, as SQL requires.
 */
public final class CalcCompiler {
  /** Compiled classes by class loader (user functions' classes must be visible) and source. */
  private record Key(ClassLoader loader, String source) {}

  private static final Map<Key, Class<?>> COMPILED = new ConcurrentHashMap<>();
  private static final AtomicInteger CLASS_IDS = new AtomicInteger();
  private static final String RT = SqlRuntime.class.getName();
  private static final String UTF8 = "java.nio.charset.StandardCharsets.UTF_8";
  /** The Java type of text values kept as UTF-8 bytes (see {@link Generator#genText}). */
  private static final String TEXT = Utf8.class.getName();

  private CalcCompiler() {}

  /** Compiles {@code program}; the returned object is for one thread. */
  public static CalcProgram compile(RexProgram program, RexBuilder rexBuilder) {
    return compile(program, rexBuilder, CalcCompiler.class.getClassLoader());
  }

  /** Compiles {@code program} against {@code loader}, which must see the classes of user functions. */
  public static CalcProgram compile(RexProgram program, RexBuilder rexBuilder, ClassLoader loader) {
    Generator g = new Generator(program, rexBuilder);
    String body = g.generate();
    Class<?> cls = COMPILED.computeIfAbsent(new Key(loader, body), k -> cook(k.source(), k.loader()));
    try {
      return (CalcProgram) cls.getConstructor(Object[].class).newInstance((Object) g.refs.toArray());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate compiled expression", e);
    }
  }

  /** The Java source that {@link #compile} would compile, for inspection and tests. */
  public static String source(RexProgram program, RexBuilder rexBuilder) {
    return new Generator(program, rexBuilder).generate();
  }

  private static Class<?> cook(String body, ClassLoader loader) {
    String name = "WeirCalc" + CLASS_IDS.incrementAndGet();
    String source = body.replace("$CLASS$", name);
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(loader);
    try {
      compiler.cook(source);
      return compiler.getClassLoader().loadClass("dev.weir.generated." + name);
    } catch (Exception e) {
      throw new WeirException("Internal error: an expression could not be compiled (" + e.getMessage() + ")",
          new IllegalStateException(source, e));
    }
  }

  /** A generated value: a null flag and a value, as Java expressions (usually local variable names). */
  private record Expr(String isNull, String value, RelDataType type) {
    boolean neverNull() {
      return isNull.equals("false");
    }
  }

  private static final class Generator {
    private final RexProgram program;
    private final RexBuilder rexBuilder;
    private final List<Object> refs = new ArrayList<>();
    private final List<String> refTypes = new ArrayList<>();
    private final StringBuilder code = new StringBuilder();
    private final Map<Integer, Expr> inputCache = new HashMap<>();
    /** Calls already computed at the top level of the row loop, by digest: reused wherever they recur. */
    private final Map<String, Expr> callCache = new HashMap<>();
    /** The same for text values as {@link Utf8} views, by digest (columns and calls). */
    private final Map<String, Expr> textCache = new HashMap<>();
    /** The same for DECIMAL values as unscaled longs (see {@link Generator#genScaled}). */
    private final Map<String, Expr> scaledCache = new HashMap<>();
    private final List<RelDataTypeField> inputs;
    /** Declarations, before the row loop, of the child vectors that ROW field accesses read. */
    private final StringBuilder fieldVectors = new StringBuilder();
    private final Set<String> declaredFieldVectors = new HashSet<>();
    /** Declarations of the child vectors of output ROW columns that ROW(...) constructors fill. */
    private final StringBuilder outFieldVectors = new StringBuilder();
    private int vars;
    private int depth;
    private boolean usesNow;

    Generator(RexProgram program, RexBuilder rexBuilder) {
      this.program = program;
      this.rexBuilder = rexBuilder;
      this.inputs = program.getInputRowType().getFieldList();
    }

    private String ref(Object value, String javaType) {
      refs.add(value);
      refTypes.add(javaType);
      return "r" + (refs.size() - 1);
    }

    private String fresh(String prefix) {
      return prefix + (vars++);
    }

    String generate() {
      RelDataType outType = program.getOutputRowType();
      List<Field> fields = new ArrayList<>();
      List<DataType> outTypes = new ArrayList<>();
      for (RelDataTypeField f : outType.getFieldList()) {
        DataType t = TypeMapping.fromRel(f.getType());
        outTypes.add(t);
        fields.add(t.toArrowField(f.getName()));
      }
      ref(new Schema(fields), "org.apache.arrow.vector.types.pojo.Schema");

      boolean filtered = program.getCondition() != null;
      List<RexLocalRef> projects = program.getProjectList();
      // columns moved whole (no filter, plain input reference, first use of that input)
      Map<Integer, Integer> transfers = new HashMap<>();
      // columns copied row by row from an input
      Map<Integer, Integer> copies = new HashMap<>();
      List<RexNode> all = new ArrayList<>();
      if (filtered) {
        all.add(expand(program.getCondition()));
      }
      for (RexLocalRef p : projects) {
        all.add(expand(p));
      }
      hoistRepeated(all);
      if (filtered) {
        RexNode cond = all.get(0);
        Expr c = gen(cond);
        code.append("if (").append(c.isNull()).append(" || !").append(c.value()).append(") continue;\n");
      }
      for (int k = 0; k < projects.size(); k++) {
        RexNode e = expand(projects.get(k));
        if (e instanceof RexInputRef in) {
          if (!filtered && !transfers.containsValue(in.getIndex())) {
            transfers.put(k, in.getIndex());
          } else {
            code.append("out").append(k).append(".copyFromSafe(i, j, in").append(in.getIndex()).append(");\n");
            copies.put(k, in.getIndex());
          }
          continue;
        }
        if (e.getKind() == SqlKind.ROW) {
          writeRow("out" + k, (RexCall) e, e.getType());
          continue;
        }
        if (e.getKind() == SqlKind.CAST && e.getType().isStruct()) {
          // a row into a ROW column of other field names (INSERT INTO t SELECT ROW(a, b)): by position
          RexNode operand = ((RexCall) e).getOperands().get(0);
          if (operand.getKind() == SqlKind.ROW) {
            writeRow("out" + k, (RexCall) operand, e.getType());
          } else {
            Expr x = gen(operand);
            code.append("if (").append(x.isNull()).append(") out").append(k).append(".setNull(j); else {\n");
            copyRow("out" + k, x.value(), e.getType());
            code.append("}\n");
          }
          continue;
        }
        Expr x;
        String write;
        if (outTypes.get(k).kind() == DataType.Kind.VARCHAR && isText(e.getType())) {
          // text is written as the bytes it was read or computed as
          x = genText(e);
          write = "out" + k + ".setSafe(j, " + x.value() + ".array(), " + x.value() + ".start(), " + x.value()
              + ".length());\n";
        } else if (outTypes.get(k).kind() == DataType.Kind.DECIMAL && scaledCapable(e)) {
          x = genScaled(e);
          write = writeScaled(k, outTypes.get(k), x, e);
        } else {
          x = gen(e);
          write = write("out" + k, outTypes.get(k), convert(x, projects.get(k).getType()));
        }
        if (x.neverNull()) {
          code.append(write);
        } else {
          code.append("if (").append(x.isNull()).append(") out").append(k).append(".setNull(j); else ").append(write);
        }
      }

      StringBuilder s = new StringBuilder();
      s.append("package dev.weir.generated;\n");
      s.append("import org.apache.arrow.vector.*;\n");
      s.append("public final class $CLASS$ implements dev.weir.engine.operator.calc.CalcProgram {\n");
      for (int r = 0; r < refs.size(); r++) {
        s.append("  private final ").append(refTypes.get(r)).append(" r").append(r).append(";\n");
      }
      s.append("  public $CLASS$(Object[] refs) {\n");
      for (int r = 0; r < refs.size(); r++) {
        s.append("    r").append(r).append(" = ").append(unbox(refTypes.get(r), "refs[" + r + "]")).append(";\n");
      }
      s.append("  }\n");
      s.append("  public VectorSchemaRoot apply(VectorSchemaRoot in, org.apache.arrow.memory.BufferAllocator alloc) {\n");
      s.append("    final int n = in.getRowCount();\n");
      for (int c = 0; c < inputs.size(); c++) {
        String cls = vectorClass(TypeMapping.fromRel(inputs.get(c).getType()));
        s.append("    final ").append(cls).append(" in").append(c).append(" = (").append(cls)
            .append(") in.getVector(").append(c).append(");\n");
      }
      s.append(fieldVectors);
      s.append("    final VectorSchemaRoot out = VectorSchemaRoot.create(r0, alloc);\n");
      s.append("    try {\n");
      for (int k = 0; k < outTypes.size(); k++) {
        String cls = vectorClass(outTypes.get(k));
        s.append("    final ").append(cls).append(" out").append(k).append(" = (").append(cls)
            .append(") out.getVector(").append(k).append(");\n");
        if (!transfers.containsKey(k)) {
          if (isFixedWidth(outTypes.get(k))) {
            s.append("    out").append(k).append(".allocateNew(n);\n");
          } else if (copies.containsKey(k) && (outTypes.get(k).kind() == DataType.Kind.VARCHAR
              || outTypes.get(k).kind() == DataType.Kind.VARBINARY)) {
            // room for all the input's bytes at once, rather than growing (and copying) as rows come
            s.append("    out").append(k).append(".allocateNew(Math.max(1L, (long) in").append(copies.get(k))
                .append(".sizeOfValueBuffer()), n);\n");
          } else {
            s.append("    out").append(k).append(".allocateNew();\n");
          }
        }
      }
      s.append(outFieldVectors);
      if (usesNow) {
        s.append("    final long now = System.currentTimeMillis();\n");
      }
      s.append("    int j = 0;\n");
      s.append("    for (int i = 0; i < n; i++) {\n").append(code).append("      j++;\n    }\n");
      for (Map.Entry<Integer, Integer> t : transfers.entrySet()) {
        s.append("    in").append(t.getValue()).append(".makeTransferPair(out").append(t.getKey()).append(").transfer();\n");
      }
      s.append("    out.setRowCount(j);\n");
      s.append("    return out;\n");
      // a row that fails (division by zero, a bad CAST) must not leak the batch being built
      s.append("    } catch (RuntimeException e) {\n      out.close();\n      throw e;\n    }\n  }\n}\n");
      return s.toString();
    }

    /**
     * Computes once, at the top of the row loop, every subexpression that occurs more than once and
     * cannot fail (reading a column, string functions, comparisons, +, -, *): otherwise a value
     * first needed inside a short-circuited OR or a CASE branch would be computed again at each use.
     */
    private void hoistRepeated(List<RexNode> roots) {
      Map<String, Integer> counts = new HashMap<>();
      Map<String, RexNode> nodes = new LinkedHashMap<>();
      RexVisitorImpl<Void> counter = new RexVisitorImpl<>(true) {
        @Override
        public Void visitInputRef(RexInputRef ref) {
          count(ref);
          return null;
        }

        @Override
        public Void visitCall(RexCall call) {
          if (cannotFail(call)) {
            count(call);
          }
          return super.visitCall(call);
        }

        private void count(RexNode node) {
          String digest = node.toString();
          counts.merge(digest, 1, Integer::sum);
          nodes.putIfAbsent(digest, node);
        }
      };
      roots.forEach(r -> r.accept(counter));
      // inner expressions were recorded after outer ones: generate the inner ones first
      List<RexNode> repeated = new ArrayList<>();
      nodes.forEach((digest, node) -> {
        if (counts.get(digest) > 1) {
          repeated.add(0, node);
        }
      });
      for (RexNode node : repeated) {
        if (keptAsText(node)) {
          genText(node);
        } else if (node.getType().getSqlTypeName() == SqlTypeName.DECIMAL && scaledCapable(node)) {
          genScaled(node);
        } else {
          gen(node);
        }
      }
    }

    private static boolean cannotFail(RexCall call) {
      for (RexNode operand : call.getOperands()) {
        if (operand instanceof RexCall inner && !cannotFail(inner)) {
          return false;
        }
      }
      return switch (call.getKind()) {
        case PLUS, MINUS, TIMES, EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN,
            GREATER_THAN_OR_EQUAL, IS_NULL, IS_NOT_NULL, NOT, LIKE, EXTRACT -> true;
        case OTHER_FUNCTION, TRIM -> switch (call.getOperator().getName().toUpperCase(Locale.ROOT)) {
          case "UPPER", "LOWER", "CHAR_LENGTH", "CHARACTER_LENGTH", "TRIM", "||", "CONCAT", "SPLIT_INDEX" -> true;
          // a pattern from the data may be invalid; a literal one was checked when compiled
          case "REGEXP_EXTRACT" -> call.getOperands().size() > 1 && call.getOperands().get(1) instanceof RexLiteral;
          default -> false;
        };
        default -> false;
      };
    }

    private RexNode expand(RexNode node) {
      RexNode e = node instanceof RexLocalRef l ? program.expandLocalRef(l) : node;
      return RexUtil.expandSearch(rexBuilder, null, e);
    }

    // ---- types

    private static String javaType(RelDataType t) {
      return switch (t.getSqlTypeName()) {
        case BOOLEAN -> "boolean";
        case TINYINT -> "byte";
        case SMALLINT -> "short";
        case INTEGER, DATE, TIME -> "int";
        case BIGINT, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "long";
        case REAL -> "float";
        case FLOAT, DOUBLE -> "double";
        case DECIMAL -> "java.math.BigDecimal";
        case CHAR, VARCHAR, NULL, SYMBOL -> "String";
        case BINARY, VARBINARY -> "byte[]";
        // a map value is its input vector (the row is the loop's) or a java.util.Map built by MAP[...]
        case MAP -> "Object";
        // a row value is the struct vector that holds it, at the loop's row
        case ROW -> "Object";
        default -> {
          if (SqlTypeUtil.isInterval(t)) {
            yield "long";
          }
          throw new WeirException("Expressions of type " + t.getFullTypeString() + " are not supported yet.");
        }
      };
    }

    private static boolean isPrimitive(String javaType) {
      return !javaType.contains(".") && !javaType.equals("String") && !javaType.equals("byte[]");
    }

    private static String defaultValue(String javaType) {
      return switch (javaType) {
        case "boolean" -> "false";
        case "byte" -> "(byte) 0";
        case "short" -> "(short) 0";
        case "int" -> "0";
        case "long" -> "0L";
        case "float" -> "0f";
        case "double" -> "0d";
        default -> "null";
      };
    }

    private static String unbox(String javaType, String expr) {
      return switch (javaType) {
        case "long" -> "((Long) " + expr + ").longValue()";
        case "double" -> "((Double) " + expr + ").doubleValue()";
        default -> "(" + javaType + ") " + expr;
      };
    }

    private static String vectorClass(DataType t) {
      return switch (t.kind()) {
        case BOOLEAN -> "BitVector";
        case TINYINT -> "TinyIntVector";
        case SMALLINT -> "SmallIntVector";
        case INTEGER -> "IntVector";
        case BIGINT -> "BigIntVector";
        case FLOAT -> "Float4Vector";
        case DOUBLE -> "Float8Vector";
        case DECIMAL -> "DecimalVector";
        case VARCHAR -> "VarCharVector";
        case VARBINARY -> "VarBinaryVector";
        case DATE -> "DateDayVector";
        case TIME -> "TimeMilliVector";
        case TIMESTAMP -> "TimeStampMilliVector";
        case TIMESTAMP_LTZ -> "TimeStampMilliTZVector";
        case MAP -> "org.apache.arrow.vector.complex.MapVector";
        case ROW -> "org.apache.arrow.vector.complex.StructVector";
      };
    }

    private static boolean isFixedWidth(DataType t) {
      return switch (t.kind()) {
        case VARCHAR, VARBINARY, MAP, ROW -> false;
        default -> true;
      };
    }

    private static String write(String target, DataType t, String value) {
      return switch (t.kind()) {
        case BOOLEAN -> target + ".setSafe(j, (" + value + ") ? 1 : 0);\n";
        case DECIMAL -> target + ".setSafe(j, " + RT + ".fitDecimal(" + value + ", " + t.precision() + ", " + t.scale()
            + "));\n";
        case VARCHAR -> target + ".setSafe(j, (" + value + ").getBytes(" + UTF8 + "));\n";
        case MAP -> RT + ".writeMap(" + target + ", j, " + value + ", i);\n";
        case ROW -> target + ".copyFromSafe(i, j, (org.apache.arrow.vector.ValueVector) " + value + ");\n";
        default -> target + ".setSafe(j, " + value + ");\n";
      };
    }

    private static String read(DataType t, String vector) {
      return switch (t.kind()) {
        case BOOLEAN -> "(" + vector + ".get(i) != 0)";
        case DECIMAL -> vector + ".getObject(i)";
        case VARCHAR -> "new String(" + vector + ".get(i), " + UTF8 + ")";
        case MAP, ROW -> vector;
        default -> vector + ".get(i)";
      };
    }

    /** The value of {@code x} as the Java type of {@code target} (numeric widening/narrowing only). */
    private String convert(Expr x, RelDataType target) {
      String from = javaType(x.type());
      String to = javaType(target);
      if (from.equals(to)) {
        return x.value();
      }
      if (x.type().getSqlTypeName() == SqlTypeName.NULL) {
        return defaultValue(to);
      }
      if (isPrimitive(from) && isPrimitive(to) && !from.equals("boolean") && !to.equals("boolean")) {
        return "((" + to + ") " + x.value() + ")";
      }
      if (to.equals("java.math.BigDecimal") && isPrimitive(from)) {
        String wide = from.equals("float") || from.equals("double") ? "(double) " : "(long) ";
        return "java.math.BigDecimal.valueOf(" + wide + x.value() + ")";
      }
      if (from.equals("java.math.BigDecimal") && isPrimitive(to)) {
        String base = to.equals("float") || to.equals("double") ? ".doubleValue()" : ".longValue()";
        return "((" + to + ") " + x.value() + base + ")";
      }
      throw new WeirException("Cannot convert " + x.type() + " to " + target + " in an expression.");
    }

    /** Declares a result variable pair for {@code type}, assigned later. */
    private Expr declare(RelDataType type) {
      return declare(type, javaType(type));
    }

    private Expr declare(RelDataType type, String jt) {
      String n = fresh("n");
      String v = fresh("v");
      code.append("boolean ").append(n).append(" = true; ").append(jt).append(' ').append(v).append(" = ")
          .append(defaultValue(jt)).append(";\n");
      return new Expr(n, v, type);
    }

    /** Declares and assigns {@code nullExpr}/{@code valueExpr} (value evaluated only when not null). */
    private Expr assign(RelDataType type, String nullExpr, String valueExpr) {
      return assign(type, javaType(type), nullExpr, valueExpr);
    }

    private Expr assign(RelDataType type, String jt, String nullExpr, String valueExpr) {
      if (nullExpr.equals("false")) {
        String v = fresh("v");
        code.append("final ").append(jt).append(' ').append(v).append(" = ").append(valueExpr).append(";\n");
        return new Expr("false", v, type);
      }
      String n = fresh("n");
      String v = fresh("v");
      code.append("final boolean ").append(n).append(" = ").append(nullExpr).append(";\n");
      code.append("final ").append(jt).append(' ').append(v).append(" = ").append(n).append(" ? ")
          .append(defaultValue(jt)).append(" : ").append(valueExpr).append(";\n");
      return new Expr(n, v, type);
    }

    // ---- expressions

    private Expr gen(RexNode node) {
      if (keptAsText(node)) {
        // decoded from the bytes on first use in the row (Utf8 keeps the String)
        Expr t = genText(node);
        return assign(t.type(), t.isNull(), t.value() + ".toString()");
      }
      if (node instanceof RexInputRef in) {
        return genInput(in.getIndex());
      }
      if (node instanceof RexLiteral lit) {
        return genLiteral(lit);
      }
      if (node instanceof RexLocalRef local) {
        return gen(program.expandLocalRef(local));
      }
      if (node instanceof RexFieldAccess access) {
        String digest = access.toString();
        Expr cached = callCache.get(digest);
        if (cached != null) {
          return cached;
        }
        Expr e = genFieldAccess(access);
        if (depth == 0) {
          callCache.put(digest, e);
        }
        return e;
      }
      if (node instanceof RexCall call) {
        String digest = call.toString();
        Expr cached = callCache.get(digest);
        if (cached != null) {
          return cached;
        }
        Expr e = genCall(call);
        // only a value computed unconditionally (not inside a CASE/AND/OR branch) is visible to later code
        if (depth == 0) {
          callCache.put(digest, e);
        }
        return e;
      }
      throw new WeirException("Expression " + node + " is not supported yet.");
    }

    private static boolean isText(RelDataType t) {
      return t.getSqlTypeName() == SqlTypeName.VARCHAR || t.getSqlTypeName() == SqlTypeName.CHAR;
    }

    /** Text columns, and text functions that work on UTF-8 bytes, are computed as {@link Utf8} views. */
    private static boolean keptAsText(RexNode node) {
      if (!isText(node.getType())) {
        return false;
      }
      if (node instanceof RexInputRef || node instanceof RexFieldAccess) {
        return true;
      }
      if (!(node instanceof RexCall call)) {
        return false;
      }
      List<RexNode> ops = call.getOperands();
      return switch (call.getKind()) {
        case CASE, COALESCE -> true;
        case CAST -> isText(ops.get(0).getType());
        case OTHER_FUNCTION -> switch (call.getOperator().getName().toUpperCase(Locale.ROOT)) {
          case "UPPER", "LOWER", "SPLIT_INDEX", "SUBSTRING" -> !(call.getOperator() instanceof JavaUdf);
          // a constant pattern is analysed once (TextRegex)
          case "REGEXP_EXTRACT" -> !(call.getOperator() instanceof JavaUdf) && ops.size() > 1
              && ops.get(1) instanceof RexLiteral p && !p.isNull();
          default -> false;
        };
        default -> false;
      };
    }

    /** A reusable view of the generated class, for one call site or column. */
    private String newView() {
      return ref(new Utf8(), TEXT);
    }

    /**
     * A text value as a {@link Utf8} view: columns are read as bytes, text functions that can work
     * on bytes do, and others (computed as Strings) are wrapped, so that text is decoded only where
     * a function needs a String and written out as bytes.
     */
    private Expr genText(RexNode node) {
      if (node instanceof RexLocalRef local) {
        return genText(program.expandLocalRef(local));
      }
      RelDataType type = node.getType();
      if (node instanceof RexLiteral lit) {
        return lit.isNull() ? new Expr("true", "((" + TEXT + ") null)", type)
            : new Expr("false", ref(Utf8.of(lit.getValueAs(String.class)), TEXT), type);
      }
      if (!keptAsText(node)) {
        Expr s = gen(node);
        return assign(type, TEXT, s.isNull(), newView() + ".set(" + s.value() + ")");
      }
      String digest = node.toString();
      Expr cached = textCache.get(digest);
      if (cached != null) {
        return cached;
      }
      Expr e;
      if (node instanceof RexInputRef in) {
        String vector = "in" + in.getIndex();
        e = assign(type, TEXT, type.isNullable() ? vector + ".isNull(i)" : "false", newView() + ".load(" + vector + ", i)");
      } else if (node instanceof RexFieldAccess access) { // a text field of a ROW column: its child vector's bytes
        String[] field = fieldVector(access);
        e = assign(type, TEXT, field[1], newView() + ".load(" + field[0] + ", i)");
      } else {
        e = genTextCall((RexCall) node);
      }
      if (depth == 0) {
        textCache.put(digest, e);
      }
      return e;
    }

    private Expr genTextCall(RexCall call) {
      List<RexNode> ops = call.getOperands();
      RelDataType type = call.getType();
      switch (call.getKind()) {
        case CASE:
          return genCase(call, true);
        case COALESCE:
          return genCoalesce(call, true);
        case CAST:
          return genText(ops.get(0)); // text to text keeps the value, as genCast does
        default:
          break;
      }
      String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
      Expr s = genText(ops.get(0));
      String out = newView();
      if (name.equals("UPPER") || name.equals("LOWER")) {
        return assign(type, TEXT, s.isNull(), RT + "." + name.toLowerCase(Locale.ROOT) + "(" + s.value() + ", " + out + ")");
      }
      if (name.equals("SUBSTRING")) {
        Expr from = gen(ops.get(1));
        Expr length = ops.size() > 2 ? gen(ops.get(2)) : new Expr("false", "Long.MAX_VALUE", ops.get(1).getType());
        return assign(type, TEXT, anyNull(List.of(s, from, length)), RT + ".substring(" + s.value() + ", (long) "
            + from.value() + ", (long) " + length.value() + ", " + out + ")");
      }
      // SPLIT_INDEX and REGEXP_EXTRACT: NULL also when there is no such piece or match
      String found;
      List<Expr> args = new ArrayList<>(List.of(s));
      if (name.equals("SPLIT_INDEX")) {
        Expr separator = genText(ops.get(1));
        Expr index = gen(ops.get(2));
        args.add(separator);
        args.add(index);
        found = RT + ".splitIndex(" + s.value() + ", " + separator.value() + ", (long) " + index.value() + ", " + out + ")";
      } else {
        String regex = ref(new TextRegex(((RexLiteral) ops.get(1)).getValueAs(String.class)), TextRegex.class.getName());
        String group = "0L";
        if (ops.size() > 2) {
          Expr g = gen(ops.get(2));
          args.add(g);
          group = "(long) " + g.value();
        }
        found = regex + ".extract(" + s.value() + ", " + group + ", " + out + ")";
      }
      String nulls = anyNull(args);
      return assign(type, TEXT, (nulls.equals("false") ? "" : nulls + " || ") + "!" + found, out);
    }

    // ---- DECIMAL as unscaled longs
    //
    // A DECIMAL value is computed as its unscaled long at its type's scale (an integer at scale 0)
    // while it fits; Long.MIN_VALUE stands for "does not fit", and whoever uses the value then
    // computes it again with BigDecimal. Results are the BigDecimal ones (SqlRuntime's scaled helpers).

    /** The scale of a number computed as a scaled long: a DECIMAL's, 0 for integers; -1 for other types. */
    private static int scaleOf(RelDataType t) {
      return switch (t.getSqlTypeName()) {
        case TINYINT, SMALLINT, INTEGER, BIGINT -> 0;
        case DECIMAL -> t.getScale();
        default -> -1;
      };
    }

    private static boolean scaledCapable(RexNode node) {
      RelDataType t = node.getType();
      int scale = scaleOf(t);
      if (scale < 0) {
        return false;
      }
      if (t.getSqlTypeName() != SqlTypeName.DECIMAL || node instanceof RexInputRef) {
        return true;
      }
      if (node instanceof RexLiteral lit) {
        return !lit.isNull() && unscaledLiteral(lit) != Long.MIN_VALUE;
      }
      if (!(node instanceof RexCall call)) {
        return false;
      }
      List<RexNode> ops = call.getOperands();
      for (RexNode o : ops) {
        if (!scaledCapable(o)) {
          return false;
        }
      }
      return switch (call.getKind()) {
        // a cast that drops digits rounds: left to BigDecimal
        case CAST -> scaleOf(ops.get(0).getType()) <= scale;
        case TIMES -> scaleOf(ops.get(0).getType()) + scaleOf(ops.get(1).getType()) == scale;
        case PLUS, MINUS -> Math.max(scaleOf(ops.get(0).getType()), scaleOf(ops.get(1).getType())) == scale;
        case MINUS_PREFIX -> scaleOf(ops.get(0).getType()) == scale;
        default -> false;
      };
    }

    /** A DECIMAL literal's unscaled value at its type's scale, or Long.MIN_VALUE when not a long. */
    private static long unscaledLiteral(RexLiteral lit) {
      BigDecimal v = lit.getValueAs(BigDecimal.class);
      int scale = lit.getType().getScale();
      if (v.scale() > scale) {
        return Long.MIN_VALUE;
      }
      java.math.BigInteger u = v.setScale(scale).unscaledValue();
      return u.bitLength() < 64 ? u.longValue() : Long.MIN_VALUE;
    }

    /** A long literal holding 10^digits, or Long.MIN_VALUE (never fits) past 18 digits. */
    private String powerOfTen(int digits) {
      return ref(digits > 18 ? Long.MIN_VALUE : BigDecimal.TEN.pow(digits).longValueExact(), "long");
    }

    /** {@code x} (a scaled long at {@code from}) at scale {@code to} (not smaller). */
    private String rescaled(Expr x, int from, int to) {
      return from == to ? x.value() : RT + ".rescale(" + x.value() + ", " + powerOfTen(to - from) + ")";
    }

    private Expr genScaled(RexNode node) {
      if (node instanceof RexLocalRef local) {
        return genScaled(program.expandLocalRef(local));
      }
      RelDataType t = node.getType();
      if (t.getSqlTypeName() != SqlTypeName.DECIMAL) {
        Expr x = gen(node);
        return new Expr(x.isNull(), "((long) " + x.value() + ")", t);
      }
      if (node instanceof RexLiteral lit) {
        return new Expr("false", ref(unscaledLiteral(lit), "long"), t);
      }
      String digest = node.toString();
      Expr cached = scaledCache.get(digest);
      if (cached != null) {
        return cached;
      }
      Expr e;
      if (node instanceof RexInputRef in) {
        String vector = "in" + in.getIndex();
        e = assign(t, "long", t.isNullable() ? vector + ".isNull(i)" : "false", RT + ".unscaled(" + vector + ", i)");
      } else {
        RexCall call = (RexCall) node;
        List<RexNode> ops = call.getOperands();
        Expr a = genScaled(ops.get(0));
        int sa = scaleOf(ops.get(0).getType());
        int scale = t.getScale();
        if (call.getKind() == SqlKind.CAST) {
          e = assign(t, "long", a.isNull(), rescaled(a, sa, scale));
        } else if (call.getKind() == SqlKind.MINUS_PREFIX) {
          e = assign(t, "long", a.isNull(), RT + ".negateScaled(" + a.value() + ")");
        } else {
          Expr b = genScaled(ops.get(1));
          int sb = scaleOf(ops.get(1).getType());
          String v = switch (call.getKind()) {
            case TIMES -> RT + ".multiplyScaled(" + a.value() + ", " + b.value() + ")";
            case PLUS -> RT + ".addScaled(" + rescaled(a, sa, scale) + ", " + rescaled(b, sb, scale) + ")";
            default -> RT + ".addScaled(" + rescaled(a, sa, scale) + ", " + RT + ".negateScaled(" + rescaled(b, sb, scale) + "))";
          };
          e = assign(t, "long", anyNull(List.of(a, b)), v);
        }
      }
      if (depth == 0) {
        scaledCache.put(digest, e);
      }
      return e;
    }

    /** A comparison of numbers (one a DECIMAL) on scaled longs, or with BigDecimal when one does not fit. */
    private Expr compareScaled(RexCall call) {
      List<RexNode> ops = call.getOperands();
      Expr a = genScaled(ops.get(0));
      Expr b = genScaled(ops.get(1));
      int scale = Math.max(scaleOf(a.type()), scaleOf(b.type()));
      String nulls = anyNull(List.of(a, b));
      String c = fresh("c");
      code.append("int ").append(c).append(" = ").append(nulls.equals("false") ? "" : nulls + " ? 0 : ")
          .append(RT).append(".compareScaled(").append(rescaled(a, scaleOf(a.type()), scale)).append(", ")
          .append(rescaled(b, scaleOf(b.type()), scale)).append(");\n");
      code.append("if (").append(c).append(" == Integer.MIN_VALUE) {\n");
      depth++;
      String slow = compareDecimals(gen(ops.get(0)), gen(ops.get(1)));
      code.append(c).append(" = ").append(slow).append(";\n}\n");
      depth--;
      return assign(call.getType(), nulls, c + " " + operator(call.getKind()) + " 0");
    }

    /** Writes a scaled long into a DecimalVector, rounding and checking the precision as fitDecimal does. */
    private String writeScaled(int k, DataType t, Expr x, RexNode node) {
      int from = scaleOf(x.type());
      String up = from < t.scale() ? powerOfTen(t.scale() - from) : "1L";
      String down = from > t.scale() ? powerOfTen(from - t.scale()) : "1L";
      String limit = t.precision() > 18 ? "Long.MAX_VALUE" : powerOfTen(t.precision());
      String u = fresh("u");
      StringBuilder b = new StringBuilder("{ final long ").append(u).append(" = ").append(RT).append(".fitScaled(")
          .append(x.value()).append(", ").append(up).append(", ").append(down).append(", ").append(limit).append(");\n");
      b.append("if (").append(u).append(" != Long.MIN_VALUE) out").append(k).append(".setSafe(j, ").append(u)
          .append("); else {\n");
      // the value again as a BigDecimal: exact, or the error fitDecimal gives
      StringBuilder saved = new StringBuilder(code);
      code.setLength(0);
      depth++;
      Expr slow = gen(node);
      depth--;
      b.append(code).append(write("out" + k, t, convert(slow, node.getType()))).append("} }\n");
      code.setLength(0);
      code.append(saved);
      return b.toString();
    }

    private Expr genInput(int index) {
      Expr cached = inputCache.get(index);
      if (cached != null) {
        return cached;
      }
      RelDataType type = inputs.get(index).getType();
      DataType dt = TypeMapping.fromRel(type);
      String vector = "in" + index;
      Expr e = assign(type, type.isNullable() ? vector + ".isNull(i)" : "false", read(dt, vector));
      if (depth == 0) {
        inputCache.put(index, e);
      }
      return e;
    }

    /**
     * Writes {@code ROW(a, b, ...)}, a projection of its own, straight into the output struct's
     * child vectors (nested constructors into theirs): a ROW value is never built as an object.
     */
    private void writeRow(String target, RexCall row, RelDataType rowType) {
      code.append(target).append(".setIndexDefined(j);\n");
      List<RelDataTypeField> fields = rowType.getFieldList();
      for (int f = 0; f < fields.size(); f++) {
        String child = outputChild(target, f, fields.get(f).getType());
        DataType type = TypeMapping.fromRel(fields.get(f).getType());
        RexNode operand = row.getOperands().get(f);
        if (operand.getKind() == SqlKind.ROW) {
          writeRow(child, (RexCall) operand, fields.get(f).getType());
          continue;
        }
        Expr x = gen(operand);
        String value = convert(x, fields.get(f).getType());
        code.append(x.neverNull() ? "" : "if (" + x.isNull() + ") " + child + ".setNull(j); else ")
            .append(write(child, type, value));
      }
    }

    /** Declares (before the loop) child {@code f} of output struct {@code target}; returns its name. */
    private String outputChild(String target, int f, RelDataType type) {
      String child = target + "_" + f;
      String cls = vectorClass(TypeMapping.fromRel(type));
      outFieldVectors.append("    final ").append(cls).append(' ').append(child).append(" = (").append(cls)
          .append(") ").append(target).append(".getChildByOrdinal(").append(f).append(");\n");
      return child;
    }

    /**
     * Copies the row in struct vector {@code source} (not NULL at row i) into output struct
     * {@code target} field by field, by position: the validator let it through because the fields
     * are stored alike, whatever their names.
     */
    private void copyRow(String target, String source, RelDataType rowType) {
      code.append(target).append(".setIndexDefined(j);\n");
      List<RelDataTypeField> fields = rowType.getFieldList();
      for (int f = 0; f < fields.size(); f++) {
        String child = outputChild(target, f, fields.get(f).getType());
        String from = fresh("c");
        code.append("final org.apache.arrow.vector.ValueVector ").append(from)
            .append(" = ((org.apache.arrow.vector.complex.StructVector) ").append(source).append(").getChildByOrdinal(")
            .append(f).append(");\n");
        if (fields.get(f).getType().isStruct()) {
          code.append("if (").append(from).append(".isNull(i)) ").append(child).append(".setNull(j); else {\n");
          copyRow(child, from, fields.get(f).getType());
          code.append("}\n");
        } else {
          code.append(child).append(".copyFromSafe(i, j, ").append(from).append(");\n");
        }
      }
    }

    /**
     * A ROW field ({@code person.id}, {@code t.a.b.c}): the struct's child vector, declared once
     * before the loop; NULL when any struct on the way, or the field itself, is NULL (a NULL
     * struct's children hold no defined value).
     */
    private Expr genFieldAccess(RexFieldAccess access) {
      String[] field = fieldVector(access);
      RelDataType type = access.getType();
      return assign(type, field[1], read(TypeMapping.fromRel(type), field[0]));
    }

    /**
     * The child vector a ROW field access reads (declared once, before the row loop), and the
     * expression saying the value is NULL at row {@code i}: the field's, or any row's on the way.
     */
    private String[] fieldVector(RexFieldAccess access) {
      List<Integer> path = new ArrayList<>();
      List<RelDataType> types = new ArrayList<>();
      RexNode e = access;
      while (e instanceof RexFieldAccess f) {
        path.add(0, f.getField().getIndex());
        types.add(0, f.getType());
        e = f.getReferenceExpr() instanceof RexLocalRef l ? program.expandLocalRef(l) : f.getReferenceExpr();
      }
      if (!(e instanceof RexInputRef in)) {
        throw new WeirException("Reading a field of " + e + " is not supported yet: only fields of ROW columns.");
      }
      String vector = "in" + in.getIndex();
      StringBuilder isNull = new StringBuilder(vector).append(".isNull(i)");
      for (int k = 0; k < path.size(); k++) {
        String parent = vector;
        vector = vector + "_" + path.get(k);
        if (declaredFieldVectors.add(vector)) {
          String cls = vectorClass(TypeMapping.fromRel(types.get(k)));
          fieldVectors.append("    final ").append(cls).append(' ').append(vector).append(" = (").append(cls).append(") ")
              .append(parent).append(".getChildByOrdinal(").append(path.get(k)).append(");\n");
        }
        isNull.append(" || ").append(vector).append(".isNull(i)");
      }
      return new String[] {vector, isNull.toString()};
    }

    private Expr genLiteral(RexLiteral lit) {
      RelDataType t = lit.getType();
      if (lit.isNull()) {
        // a typed local, so that the generated code type-checks wherever the NULL flows
        String jt = javaType(t);
        String v = fresh("v");
        code.append("final ").append(jt).append(' ').append(v).append(" = ").append(defaultValue(jt)).append(";\n");
        return new Expr("true", v, t);
      }
      SqlTypeName name = t.getSqlTypeName();
      String value = switch (name) {
        case BOOLEAN -> String.valueOf(lit.getValueAs(Boolean.class));
        // numbers, dates and times are fields rather than text in the source, so that queries that
        // differ only in their constants share one compiled class
        case TINYINT, SMALLINT, INTEGER -> "((" + javaType(t) + ") " + ref(lit.getValueAs(Long.class), "long") + ")";
        case BIGINT -> ref(lit.getValueAs(Long.class), "long");
        case DECIMAL -> ref(lit.getValueAs(BigDecimal.class), "java.math.BigDecimal");
        case REAL -> "((float) " + ref(lit.getValueAs(Double.class), "double") + ")";
        case FLOAT, DOUBLE -> ref(lit.getValueAs(Double.class), "double");
        case CHAR, VARCHAR -> ref(lit.getValueAs(String.class), "String");
        case BINARY, VARBINARY -> ref(lit.getValueAs(byte[].class), "byte[]");
        case DATE, TIME -> "((int) " + ref(lit.getValueAs(Integer.class).longValue(), "long") + ")";
        case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> ref(lit.getValueAs(Long.class), "long");
        case SYMBOL -> ref(String.valueOf(lit.getValue()), "String");
        default -> {
          if (SqlTypeUtil.isInterval(t)) {
            yield ref(lit.getValueAs(Long.class), "long");
          }
          throw new WeirException("Literals of type " + t.getFullTypeString() + " are not supported yet.");
        }
      };
      return new Expr("false", value, t);
    }

    private List<Expr> genAll(List<RexNode> operands) {
      List<Expr> out = new ArrayList<>(operands.size());
      for (RexNode o : operands) {
        out.add(gen(o));
      }
      return out;
    }

    private static String anyNull(List<Expr> args) {
      StringBuilder b = new StringBuilder();
      for (Expr a : args) {
        if (!a.neverNull()) {
          b.append(b.isEmpty() ? "" : " || ").append(a.isNull());
        }
      }
      return b.isEmpty() ? "false" : b.toString();
    }

    private Expr genCall(RexCall call) {
      RelDataType type = call.getType();
      List<RexNode> ops = call.getOperands();
      SqlKind kind = call.getKind();
      switch (kind) {
        case MAP_VALUE_CONSTRUCTOR: {
          TypeMapping.fromRel(type); // refuses maps Weir cannot store, saying which
          List<Expr> args = genAll(ops);
          StringBuilder pairs = new StringBuilder("new Object[] {");
          for (int a = 0; a < args.size(); a++) {
            Expr x = args.get(a);
            pairs.append(a > 0 ? ", " : "").append(x.neverNull() ? x.value() : "(" + x.isNull() + " ? null : (Object) "
                + x.value() + ")");
          }
          return assign(type, "false", RT + ".mapOf(" + pairs.append("}") + ")");
        }
        case ITEM:
          if (ops.get(0).getType().getSqlTypeName() == SqlTypeName.MAP) {
            // map['key']: NULL when the map is NULL or has no such key
            TypeMapping.fromRel(ops.get(0).getType());
            List<Expr> args = genAll(ops);
            String method = type.getSqlTypeName() == SqlTypeName.VARCHAR || type.getSqlTypeName() == SqlTypeName.CHAR
                ? "mapText" : "mapBytes";
            Expr found = assign(type, anyNull(args), RT + "." + method + "(" + args.get(0).value() + ", i, "
                + args.get(1).value() + ")");
            return assign(type, found.isNull() + " || " + found.value() + " == null", found.value());
          }
          throw new WeirException("Expression " + call + " is not supported yet.");
        case AND:
        case OR:
          return genLogical(call, kind == SqlKind.AND);
        case NOT: {
          Expr a = gen(ops.get(0));
          return assign(type, a.isNull(), "!" + a.value());
        }
        case CASE:
          return genCase(call, false);
        case COALESCE:
          return genCoalesce(call, false);
        case IS_NULL:
        case IS_NOT_NULL: {
          Expr a = gen(ops.get(0));
          return assign(type, "false", (kind == SqlKind.IS_NULL ? "" : "!") + "(" + a.isNull() + ")");
        }
        case IS_TRUE:
          return isBool(ops.get(0), type, "!%1$s && %2$s");
        case IS_NOT_TRUE:
          return isBool(ops.get(0), type, "%1$s || !%2$s");
        case IS_FALSE:
          return isBool(ops.get(0), type, "!%1$s && !%2$s");
        case IS_NOT_FALSE:
          return isBool(ops.get(0), type, "%1$s || %2$s");
        case IS_DISTINCT_FROM:
        case IS_NOT_DISTINCT_FROM: {
          Expr a = gen(ops.get(0));
          Expr b = gen(ops.get(1));
          String eq = compare(a, b, SqlKind.EQUALS);
          String same = "((" + a.isNull() + ") && (" + b.isNull() + ")) || (!(" + a.isNull() + ") && !(" + b.isNull()
              + ") && " + eq + ")";
          return assign(type, "false", (kind == SqlKind.IS_DISTINCT_FROM ? "!" : "") + "(" + same + ")");
        }
        case EQUALS:
        case NOT_EQUALS:
        case LESS_THAN:
        case LESS_THAN_OR_EQUAL:
        case GREATER_THAN:
        case GREATER_THAN_OR_EQUAL: {
          if ((kind == SqlKind.EQUALS || kind == SqlKind.NOT_EQUALS) && isText(ops.get(0).getType())
              && isText(ops.get(1).getType())) {
            Expr a = genText(ops.get(0));
            Expr b = genText(ops.get(1));
            return assign(type, anyNull(List.of(a, b)),
                (kind == SqlKind.EQUALS ? "" : "!") + RT + ".equal(" + a.value() + ", " + b.value() + ")");
          }
          if ((ops.get(0).getType().getSqlTypeName() == SqlTypeName.DECIMAL
              || ops.get(1).getType().getSqlTypeName() == SqlTypeName.DECIMAL)
              && scaledCapable(ops.get(0)) && scaledCapable(ops.get(1))) {
            return compareScaled(call);
          }
          Expr a = gen(ops.get(0));
          Expr b = gen(ops.get(1));
          return assign(type, anyNull(List.of(a, b)), compare(a, b, kind));
        }
        case PLUS:
        case MINUS:
        case TIMES:
        case DIVIDE:
        case MOD:
          return genArithmetic(call);
        case MINUS_PREFIX: {
          Expr a = gen(ops.get(0));
          String v = javaType(type).equals("java.math.BigDecimal") ? a.value() + ".negate()"
              : "((" + javaType(type) + ") -" + convert(a, type) + ")";
          return assign(type, a.isNull(), v);
        }
        case PLUS_PREFIX:
          return gen(ops.get(0));
        case CAST:
          return genCast(gen(ops.get(0)), type);
        case LIKE:
          return genLike(call);
        case EXTRACT: {
          Expr unit = gen(ops.get(0));
          Expr t = gen(ops.get(1));
          String fn = switch (t.type().getSqlTypeName()) {
            case DATE -> "extractFromDate";
            case TIME -> "extractFromTime";
            default -> "extract";
          };
          return assign(type, t.isNull(), convertLong(RT + "." + fn + "(" + unit.value() + ", " + t.value() + ")", type));
        }
        case FLOOR:
        case CEIL:
          return genFloorCeil(call, kind == SqlKind.CEIL);
        case TRIM: {
          List<Expr> a = genAll(ops);
          return assign(type, anyNull(a.subList(1, 3)), RT + ".trim(" + a.get(0).value() + ", " + a.get(1).value() + ", "
              + a.get(2).value() + ")");
        }
        case POSITION: {
          List<Expr> a = genAll(ops);
          return assign(type, anyNull(a), RT + ".position(" + a.get(0).value() + ", " + a.get(1).value() + ")");
        }
        default:
          return genFunction(call);
      }
    }

    private Expr isBool(RexNode operand, RelDataType type, String pattern) {
      Expr a = gen(operand);
      return assign(type, "false", String.format(pattern, a.isNull(), a.value()));
    }

    private Expr genLogical(RexCall call, boolean and) {
      Expr r = declare(call.getType());
      genLogical(call.getOperands(), and, r);
      return r;
    }

    /** Three-valued AND/OR, short-circuiting like SQL engines do. */
    private void genLogical(List<RexNode> ops, boolean and, Expr r) {
      // decisive: false for AND, true for OR
      String decisive = and ? "false" : "true";
      String nullVar = fresh("u");
      code.append("boolean ").append(nullVar).append(" = false;\n");
      int open = 0;
      for (int k = 0; k < ops.size(); k++) {
        Expr a = gen(ops.get(k));
        code.append("if (!(").append(a.isNull()).append(") && ").append(and ? "!" : "").append(a.value()).append(") { ")
            .append(r.isNull()).append(" = false; ").append(r.value()).append(" = ").append(decisive).append("; } else {\n");
        code.append(nullVar).append(" = ").append(nullVar).append(" || ").append(a.isNull()).append(";\n");
        depth++;
        open++;
      }
      code.append(r.isNull()).append(" = ").append(nullVar).append("; ").append(r.value()).append(" = ")
          .append(and ? "true" : "false").append(";\n");
      for (int k = 0; k < open; k++) {
        code.append("}\n");
        depth--;
      }
    }

    /** CASE; with {@code text}, as a {@link Utf8} view whose branches pass their views through. */
    private Expr genCase(RexCall call, boolean text) {
      List<RexNode> ops = call.getOperands();
      Expr r = text ? declare(call.getType(), TEXT) : declare(call.getType());
      int open = 0;
      int k = 0;
      for (; k + 1 < ops.size(); k += 2) {
        Expr when = gen(ops.get(k));
        code.append("if (!(").append(when.isNull()).append(") && ").append(when.value()).append(") {\n");
        depth++;
        Expr then = text ? genText(ops.get(k + 1)) : gen(ops.get(k + 1));
        code.append(r.isNull()).append(" = ").append(then.isNull()).append("; ");
        code.append("if (!").append(r.isNull()).append(") ").append(r.value()).append(" = ")
            .append(text ? then.value() : convert(then, call.getType())).append(";\n");
        code.append("} else {\n");
        open++;
      }
      Expr otherwise = text ? genText(ops.get(k)) : gen(ops.get(k));
      code.append(r.isNull()).append(" = ").append(otherwise.isNull()).append("; ");
      code.append("if (!").append(r.isNull()).append(") ").append(r.value()).append(" = ")
          .append(text ? otherwise.value() : convert(otherwise, call.getType())).append(";\n");
      for (int c = 0; c < open; c++) {
        code.append("}\n");
        depth--;
      }
      return r;
    }

    private Expr genCoalesce(RexCall call, boolean text) {
      Expr r = text ? declare(call.getType(), TEXT) : declare(call.getType());
      int open = 0;
      for (RexNode o : call.getOperands()) {
        Expr a = text ? genText(o) : gen(o);
        code.append("if (!(").append(a.isNull()).append(")) { ").append(r.isNull()).append(" = false; ")
            .append(r.value()).append(" = ").append(text ? a.value() : convert(a, call.getType())).append("; } else {\n");
        depth++;
        open++;
      }
      for (int c = 0; c < open; c++) {
        code.append("}\n");
        depth--;
      }
      return r;
    }

    private static String operator(SqlKind kind) {
      return switch (kind) {
        case EQUALS -> "==";
        case NOT_EQUALS -> "!=";
        case LESS_THAN -> "<";
        case LESS_THAN_OR_EQUAL -> "<=";
        case GREATER_THAN -> ">";
        default -> ">=";
      };
    }

    /** a.compareTo(b) of two numbers of which one at least is a DECIMAL. */
    private String compareDecimals(Expr a, Expr b) {
      RelDataType dec = rexBuilder.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, 38, 18);
      return convert(a, dec) + ".compareTo(" + convert(b, dec) + ")";
    }

    private String compare(Expr a, Expr b, SqlKind kind) {
      String op = operator(kind);
      if (a.type().isStruct() || b.type().isStruct()) {
        // a ROW value is a vector here: comparing those would compare vectors, not rows
        throw new WeirException("Comparing ROW values is not supported yet; compare their fields.");
      }
      String ja = javaType(a.type());
      String jb = javaType(b.type());
      if (ja.equals("java.math.BigDecimal") || jb.equals("java.math.BigDecimal")) {
        return "(" + compareDecimals(a, b) + " " + op + " 0)";
      }
      if (ja.equals("String") && jb.equals("String")) {
        if (kind == SqlKind.EQUALS) {
          return a.value() + ".equals(" + b.value() + ")";
        }
        if (kind == SqlKind.NOT_EQUALS) {
          return "!" + a.value() + ".equals(" + b.value() + ")";
        }
        return "(" + a.value() + ".compareTo(" + b.value() + ") " + op + " 0)";
      }
      if (ja.equals("boolean") && jb.equals("boolean")) {
        return "(Boolean.compare(" + a.value() + ", " + b.value() + ") " + op + " 0)";
      }
      if (ja.equals("byte[]") && jb.equals("byte[]")) {
        return "(java.util.Arrays.compareUnsigned(" + a.value() + ", " + b.value() + ") " + op + " 0)";
      }
      if (isPrimitive(ja) && isPrimitive(jb)) {
        boolean floating = ja.equals("double") || ja.equals("float") || jb.equals("double") || jb.equals("float");
        String w = floating ? "(double) " : "(long) ";
        return "(" + w + a.value() + " " + op + " " + w + b.value() + ")";
      }
      throw new WeirException("Cannot compare " + a.type() + " with " + b.type() + ".");
    }

    private Expr genArithmetic(RexCall call) {
      RelDataType type = call.getType();
      SqlKind kind = call.getKind();
      Expr a = gen(call.getOperands().get(0));
      Expr b = gen(call.getOperands().get(1));
      String nulls = anyNull(List.of(a, b));
      SqlTypeName result = type.getSqlTypeName();
      if (SqlTypeFamily.DATETIME.contains(type)) {
        return genDatetimeArithmetic(type, kind, a, b, nulls);
      }
      if (SqlTypeUtil.isInterval(type)) {
        String jt = "long";
        return assign(type, nulls, "(" + convertTo(a, jt) + " " + symbol(kind) + " " + convertTo(b, jt) + ")");
      }
      String jt = javaType(type);
      if (result == SqlTypeName.DECIMAL) {
        String x = convert(a, type);
        String y = convert(b, type);
        String v = switch (kind) {
          case PLUS -> x + ".add(" + y + ")";
          case MINUS -> x + ".subtract(" + y + ")";
          case TIMES -> x + ".multiply(" + y + ")";
          case DIVIDE -> RT + ".divide(" + x + ", " + y + ", " + type.getScale() + ")";
          default -> x + ".remainder(" + y + ")";
        };
        return assign(type, nulls, v);
      }
      return assign(type, nulls, "((" + jt + ") (" + convert(a, type) + " " + symbol(kind) + " " + convert(b, type) + "))");
    }

    private static String convertTo(Expr x, String javaType) {
      return "((" + javaType + ") " + x.value() + ")";
    }

    private static String symbol(SqlKind kind) {
      return switch (kind) {
        case PLUS -> "+";
        case MINUS -> "-";
        case TIMES -> "*";
        case DIVIDE -> "/";
        default -> "%";
      };
    }

    /** TIMESTAMP/DATE/TIME plus or minus an interval. */
    private Expr genDatetimeArithmetic(RelDataType type, SqlKind kind, Expr a, Expr b, String nulls) {
      Expr datetime = SqlTypeFamily.DATETIME.contains(a.type()) ? a : b;
      Expr interval = datetime == a ? b : a;
      boolean months = interval.type().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH;
      String sign = kind == SqlKind.MINUS ? "-" : "";
      String amount = sign + "(" + interval.value() + ")";
      String v = switch (type.getSqlTypeName()) {
        case DATE -> months
            ? "(int) Math.floorDiv(" + RT + ".addMonths(" + datetime.value() + " * 86400000L, " + amount + "), 86400000L)"
            : "(int) (" + datetime.value() + " + (" + amount + ") / 86400000L)";
        case TIME -> "(int) Math.floorMod(" + datetime.value() + " + " + amount + ", 86400000L)";
        default -> months ? RT + ".addMonths(" + datetime.value() + ", " + amount + ")"
            : "(" + datetime.value() + " + " + amount + ")";
      };
      return assign(type, nulls, v);
    }

    private String convertLong(String longExpr, RelDataType target) {
      String jt = javaType(target);
      return jt.equals("long") ? longExpr : "((" + jt + ") " + longExpr + ")";
    }

    private Expr genFloorCeil(RexCall call, boolean ceil) {
      RelDataType type = call.getType();
      Expr a = gen(call.getOperands().get(0));
      if (call.getOperands().size() == 2) {
        Expr unit = gen(call.getOperands().get(1));
        String millis = a.type().getSqlTypeName() == SqlTypeName.DATE ? "(" + a.value() + " * 86400000L)" : a.value();
        String v = RT + ".floorTimestamp(" + unit.value() + ", " + millis + ", " + ceil + ")";
        if (type.getSqlTypeName() == SqlTypeName.DATE) {
          v = "(int) Math.floorDiv(" + v + ", 86400000L)";
        }
        return assign(type, a.isNull(), v);
      }
      String jt = javaType(type);
      String v = switch (jt) {
        case "double" -> "Math." + (ceil ? "ceil" : "floor") + "(" + a.value() + ")";
        case "float" -> "(float) Math." + (ceil ? "ceil" : "floor") + "(" + a.value() + ")";
        case "java.math.BigDecimal" -> a.value() + ".setScale(0, java.math.RoundingMode." + (ceil ? "CEILING" : "FLOOR") + ")";
        default -> convert(a, type);
      };
      return assign(type, a.isNull(), v);
    }

    private Expr genLike(RexCall call) {
      List<RexNode> ops = call.getOperands();
      boolean negated = call.getOperator() instanceof SqlLikeOperator like && like.isNegated();
      String escape = ops.size() > 2 && ops.get(2) instanceof RexLiteral e ? e.getValueAs(String.class) : null;
      if (isText(ops.get(0).getType()) && ops.get(1) instanceof RexLiteral p && !p.isNull()
          && (ops.size() < 3 || escape != null)) {
        // a constant pattern runs on the bytes (TextLike)
        Expr s = genText(ops.get(0));
        String like = ref(new TextLike(p.getValueAs(String.class), escape), TextLike.class.getName());
        return assign(call.getType(), s.isNull(), (negated ? "!" : "") + like + ".matches(" + s.value() + ")");
      }
      Expr s = gen(ops.get(0));
      String pattern;
      List<Expr> args = new ArrayList<>(List.of(s));
      if (ops.get(1) instanceof RexLiteral p && !p.isNull()) {
        pattern = ref(SqlRuntime.likePattern(p.getValueAs(String.class), escape), "java.util.regex.Pattern");
      } else {
        Expr p = gen(ops.get(1));
        args.add(p);
        pattern = RT + ".likePattern(" + p.value() + ", " + (escape == null ? "null" : ref(escape, "String")) + ")";
      }
      return assign(call.getType(), anyNull(args), (negated ? "!" : "") + RT + ".like(" + s.value() + ", " + pattern + ")");
    }

    private Expr genCast(Expr a, RelDataType to) {
      RelDataType from = a.type();
      SqlTypeName f = from.getSqlTypeName();
      SqlTypeName t = to.getSqlTypeName();
      String jt = javaType(to);
      String jf = javaType(from);
      if (f == SqlTypeName.NULL) {
        return new Expr("true", defaultValue(jt), to);
      }
      String v;
      if (SqlTypeFamily.CHARACTER.contains(to)) {
        v = switch (f) {
          case CHAR, VARCHAR -> a.value();
          case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> RT + ".timestampToText(" + a.value() + ")";
          case DATE -> RT + ".dateToText(" + a.value() + ")";
          case TIME -> RT + ".timeToText(" + a.value() + ")";
          case DECIMAL -> a.value() + ".toPlainString()";
          case BOOLEAN -> "(" + a.value() + " ? \"TRUE\" : \"FALSE\")";
          case BINARY, VARBINARY -> "new String(" + a.value() + ", " + UTF8 + ")";
          default -> "String.valueOf(" + a.value() + ")";
        };
      } else if (SqlTypeFamily.CHARACTER.contains(from)) {
        v = switch (t) {
          case TINYINT, SMALLINT, INTEGER, BIGINT -> "((" + jt + ") " + RT + ".parseLong(" + a.value() + "))";
          case REAL, FLOAT, DOUBLE -> "((" + jt + ") " + RT + ".parseDouble(" + a.value() + "))";
          case DECIMAL -> RT + ".parseDecimal(" + a.value() + ", " + to.getScale() + ")";
          case BOOLEAN -> RT + ".parseBoolean(" + a.value() + ")";
          case DATE -> RT + ".parseDate(" + a.value() + ")";
          case TIME -> RT + ".parseTime(" + a.value() + ")";
          case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> RT + ".parseTimestamp(" + a.value() + ")";
          case BINARY, VARBINARY -> a.value() + ".getBytes(" + UTF8 + ")";
          default -> throw new WeirException("Cannot CAST " + from + " to " + to + ".");
        };
      } else if (SqlTypeFamily.NUMERIC.contains(from) && SqlTypeFamily.NUMERIC.contains(to)) {
        v = t == SqlTypeName.DECIMAL
            ? "(" + convert(a, to) + ").setScale(" + to.getScale() + ", java.math.RoundingMode.HALF_UP)"
            : convert(a, to);
      } else if (f == SqlTypeName.BOOLEAN && SqlTypeFamily.NUMERIC.contains(to) && isPrimitive(jt)) {
        v = "((" + jt + ") (" + a.value() + " ? 1 : 0))";
      } else if (SqlTypeFamily.DATETIME.contains(from) && SqlTypeFamily.DATETIME.contains(to)) {
        boolean fromTs = f == SqlTypeName.TIMESTAMP || f == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        boolean toTs = t == SqlTypeName.TIMESTAMP || t == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        if (fromTs && toTs || f == t) {
          v = a.value();
        } else if (f == SqlTypeName.DATE && toTs) {
          v = "((long) " + a.value() + " * 86400000L)";
        } else if (fromTs && t == SqlTypeName.DATE) {
          v = "((int) Math.floorDiv(" + a.value() + ", 86400000L))";
        } else if (fromTs && t == SqlTypeName.TIME) {
          v = "((int) Math.floorMod(" + a.value() + ", 86400000L))";
        } else {
          throw new WeirException("Cannot CAST " + from + " to " + to + ".");
        }
      } else if (jf.equals(jt)) {
        v = a.value();
      } else {
        throw new WeirException("Cannot CAST " + from + " to " + to + ".");
      }
      return assign(to, a.isNull(), v);
    }

    private static String asDouble(Expr x) {
      return javaType(x.type()).equals("java.math.BigDecimal") ? x.value() + ".doubleValue()" : "((double) " + x.value() + ")";
    }

    /** A user function: its instance is a field; NULLs go to boxed parameters, and make the result NULL otherwise. */
    private Expr genUdf(RexCall call, JavaUdf udf) {
      List<RelDataType> types = call.getOperands().stream().map(RexNode::getType).toList();
      Method m = udf.resolve(types);
      if (m == null) {
        throw new WeirException("No eval method of function '" + udf.getName() + "' takes " + types + ".");
      }
      List<Expr> a = genAll(call.getOperands());
      Class<?>[] params = m.getParameterTypes();
      boolean strict = Arrays.stream(params).anyMatch(Class::isPrimitive);
      String instance = ref(udf.newInstance(), udf.implementation().getCanonicalName());
      StringBuilder args = new StringBuilder();
      for (int i = 0; i < params.length; i++) {
        args.append(i > 0 ? ", " : "").append(argument(a.get(i), params[i], strict));
      }
      String invocation = instance + ".eval(" + args + ")";
      Class<?> ret = m.getReturnType();
      String nulls = strict ? anyNull(a) : "false";
      if (ret.isPrimitive()) {
        return assign(call.getType(), nulls, convertTo(new Expr("false", invocation, call.getType()), javaType(call.getType())));
      }
      String boxed = fresh("b");
      code.append("final ").append(ret.getCanonicalName()).append(' ').append(boxed).append(" = ").append(nulls)
          .append(" ? null : ").append(invocation).append(";\n");
      String unboxed = switch (ret.getSimpleName()) {
        case "Long" -> boxed + ".longValue()";
        case "Integer" -> boxed + ".intValue()";
        case "Short" -> boxed + ".shortValue()";
        case "Byte" -> boxed + ".byteValue()";
        case "Double" -> boxed + ".doubleValue()";
        case "Float" -> boxed + ".floatValue()";
        case "Boolean" -> boxed + ".booleanValue()";
        default -> boxed;
      };
      return assign(call.getType(), boxed + " == null", unboxed);
    }

    /** An argument converted to an eval parameter's type. */
    private String argument(Expr x, Class<?> param, boolean strict) {
      String jt = javaType(x.type());
      String value;
      if (param == String.class || param == byte[].class) {
        value = x.value();
      } else if (param == BigDecimal.class) {
        value = jt.equals("java.math.BigDecimal") ? x.value()
            : "java.math.BigDecimal.valueOf((" + (jt.equals("double") || jt.equals("float") ? "double" : "long") + ") "
                + x.value() + ")";
      } else {
        Class<?> primitive = param.isPrimitive() ? param : switch (param.getSimpleName()) {
          case "Long" -> long.class;
          case "Integer" -> int.class;
          case "Short" -> short.class;
          case "Byte" -> byte.class;
          case "Double" -> double.class;
          case "Float" -> float.class;
          default -> boolean.class;
        };
        String source = jt.equals("java.math.BigDecimal") ? x.value() + ".doubleValue()" : x.value();
        value = primitive == boolean.class ? source : "((" + primitive.getName() + ") " + source + ")";
        if (!param.isPrimitive()) {
          value = param.getSimpleName() + ".valueOf(" + value + ")";
        }
      }
      return strict || x.neverNull() ? value : "(" + x.isNull() + " ? null : " + value + ")";
    }

    private Expr genFunction(RexCall call) {
      if (call.getOperator() instanceof JavaUdf udf) {
        return genUdf(call, udf);
      }
      String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
      RelDataType type = call.getType();
      switch (name) {
        case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "NOW", "CURRENT_ROW_TIMESTAMP", "PROCTIME" -> {
          usesNow = true;
          return new Expr("false", "now", type);
        }
        case "CURRENT_DATE" -> {
          usesNow = true;
          return new Expr("false", "((int) Math.floorDiv(now, 86400000L))", type);
        }
        case "CURRENT_TIME", "LOCALTIME" -> {
          usesNow = true;
          return new Expr("false", "((int) Math.floorMod(now, 86400000L))", type);
        }
        case "CHAR_LENGTH", "CHARACTER_LENGTH" -> {
          Expr s = genText(call.getOperands().get(0));
          return assign(type, s.isNull(), RT + ".charLength(" + s.value() + ")");
        }
        default -> { }
      }
      List<Expr> a = genAll(call.getOperands());
      String nulls = anyNull(a);
      if (name.equals("$TUMBLE")) {
        if (call.getOperands().get(1).getType().getSqlTypeName().getFamily()
            == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
          throw new WeirException("Windows of months or years are not supported; give the size in days or less.");
        }
        // GROUP BY TUMBLE(ts, size [, offset]): the start of the row's window
        String offset = a.size() > 2 ? a.get(2).value() : "0L";
        return assign(type, nulls, "(Math.floorDiv(" + a.get(0).value() + " - " + offset + ", " + a.get(1).value()
            + ") * " + a.get(1).value() + " + " + offset + ")");
      }
      String v = switch (name) {
        case "INITCAP" -> RT + ".initcap(" + a.get(0).value() + ")";
        case "||", "CONCAT" -> {
          StringBuilder b = new StringBuilder("(");
          for (int k = 0; k < a.size(); k++) {
            b.append(k > 0 ? " + " : "").append(genCast(a.get(k), type).value());
          }
          yield b.append(")").toString();
        }
        case "REPLACE" -> RT + ".replace(" + a.get(0).value() + ", " + a.get(1).value() + ", " + a.get(2).value() + ")";
        case "DATE_FORMAT" -> RT + ".dateFormat(" + a.get(0).value() + ", " + a.get(1).value() + ")";
        case "ABS" -> javaType(type).equals("java.math.BigDecimal") ? a.get(0).value() + ".abs()"
            : "((" + javaType(type) + ") Math.abs(" + a.get(0).value() + "))";
        case "POWER" -> "Math.pow(" + asDouble(a.get(0)) + ", " + asDouble(a.get(1)) + ")";
        case "SQRT" -> "Math.sqrt(" + asDouble(a.get(0)) + ")";
        case "EXP" -> "Math.exp(" + asDouble(a.get(0)) + ")";
        case "LN" -> "Math.log(" + asDouble(a.get(0)) + ")";
        case "LOG10" -> "Math.log10(" + asDouble(a.get(0)) + ")";
        case "REGEXP_EXTRACT" -> null; // UPPER, LOWER, SUBSTRING, SPLIT_INDEX are text calls (genTextCall)
        default -> throw new WeirException("Function " + call.getOperator().getName() + " is not supported yet.");
      };
      if (v != null) {
        return assign(type, nulls, v);
      }
      // functions that may themselves return NULL; a constant regular expression is compiled once
      String regex = call.getOperands().get(1) instanceof RexLiteral r && !r.isNull()
          ? ref(SqlRuntime.regex(r.getValueAs(String.class)), "java.util.regex.Pattern") : a.get(1).value();
      String call2 = RT + ".regexpExtract(" + a.get(0).value() + ", " + regex + ", "
          + (a.size() > 2 ? "(long) " + a.get(2).value() : "0L") + ")";
      Expr raw = assign(type, nulls, call2);
      return assign(type, raw.isNull() + " || " + raw.value() + " == null", raw.value());
    }
  }
}
