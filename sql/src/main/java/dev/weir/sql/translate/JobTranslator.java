package dev.weir.sql.translate;

import dev.weir.catalog.TableDefinition;
import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.catalog.connector.TableOptions;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.sink.WriterContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.schema.WatermarkSpec;
import dev.weir.catalog.types.DataType;
import dev.weir.engine.Unchecked;
import dev.weir.engine.operator.OperatorSpec;
import dev.weir.engine.operator.aggregate.AggregateSpec;
import dev.weir.engine.operator.aggregate.HashAggregateOperator;
import dev.weir.engine.operator.aggregate.OverAggregateOperator;
import dev.weir.engine.operator.aggregate.UpdatingAggregateOperator;
import dev.weir.engine.operator.calc.CalcOperator;
import dev.weir.engine.operator.calc.CalcProgram;
import dev.weir.engine.operator.join.JoinOperator;
import dev.weir.engine.operator.join.JoinSpec;
import dev.weir.engine.operator.limit.LimitOperator;
import dev.weir.engine.operator.rank.DeduplicateOperator;
import dev.weir.engine.operator.rank.RankOperator;
import dev.weir.engine.operator.sink.SinkWriterOperator;
import dev.weir.engine.operator.sort.SortKey;
import dev.weir.engine.operator.sort.SortOperator;
import dev.weir.engine.operator.window.SessionWindowOperator;
import dev.weir.engine.operator.window.WindowAssignOperator;
import dev.weir.engine.runtime.JobGraph;
import dev.weir.engine.runtime.SourceSpec;
import dev.weir.engine.runtime.VertexSpec;
import dev.weir.engine.time.WatermarkStrategy;
import dev.weir.sql.codegen.CalcCompiler;
import dev.weir.sql.functions.WeirFunctions;
import dev.weir.sql.schema.TypeMapping;
import dev.weir.sql.schema.WeirTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Exchange;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns an optimized plan into a {@link JobGraph}. Stateless operators are fused into the chain
 * of their input's vertex; UNION ALL, ORDER BY and LIMIT start a new vertex, and so does each
 * keyed operator (aggregates, joins, top-N, sessions, OVER aggregates), partitioned by its keys.
 */
public final class JobTranslator {
  private final ConnectorRegistry registry;
  private final RexBuilder rexBuilder;
  private final int defaultParallelism;
  private final int batchSize;
  private final long idleTimeoutMillis;
  private final long stateTtlMillis;
  private final ClassLoader classLoader;
  private JobGraph graph;
  private int operatorIds;
  /** Whether the query's windows are over PROCTIME(): then every source's watermark is the clock. */
  private boolean processingTime;
  /** Tables validated and their sources created, once per translation. */
  private final Map<String, TableSpec> specs = new HashMap<>();
  private final Map<String, Source> sources = new HashMap<>();
  /** Subplans that occur more than once in the plan, by their text (see {@link #repeatedSubplans}). */
  private Set<String> repeated = Set.of();
  /** The vertex already built for each repeated subplan. */
  private final Map<String, Integer> built = new HashMap<>();
  /** Vertices that several consumers read: nothing may be appended to their chains. */
  private final Set<Integer> shared = new HashSet<>();

  /**
   * The session's settings a translation follows.
   *
   * @param parallelism operators' parallelism unless a table says otherwise
   * @param batchSize the most rows a source puts in a batch
   * @param idleTimeoutMillis the source idle timeout (0: never), unless a table sets its own
   * @param stateTtlMillis how long untouched keyed state is kept (0: forever)
   */
  public record Settings(int parallelism, int batchSize, long idleTimeoutMillis, long stateTtlMillis) {}

  public JobTranslator(ConnectorRegistry registry, RexBuilder rexBuilder, Settings settings, ClassLoader classLoader) {
    this.classLoader = classLoader;
    this.registry = registry;
    this.rexBuilder = rexBuilder;
    this.defaultParallelism = settings.parallelism();
    this.batchSize = settings.batchSize();
    this.idleTimeoutMillis = settings.idleTimeoutMillis();
    this.stateTtlMillis = settings.stateTtlMillis();
  }

  /**
   * @param plan the optimized plan
   * @param name the job's name
   * @param collect whether the plan's output goes to the client (a query) rather than a sink
   */
  public JobGraph translate(RelNode plan, String name, boolean collect) {
    graph = new JobGraph(name);
    processingTime = usesProcessingTime(plan);
    repeated = repeatedSubplans(plan);
    built.clear();
    shared.clear();
    int top = visit(plan);
    if (collect) {
      graph.setResultVertex(top);
    }
    return graph;
  }

  /**
   * Refuses a ROW column as a sort or grouping key: ROW values have no order, and keyed state
   * (groups, join keys, partitions) holds keys of scalar types only.
   */
  private static void refuseRowKeys(RelNode node) {
    List<Integer> keys = new ArrayList<>();
    List<RelDataTypeField> fields = node.getInputs().isEmpty() ? List.of()
        : new ArrayList<>(node.getInput(0).getRowType().getFieldList());
    String use;
    if (node instanceof Sort sort) {
      sort.getCollation().getFieldCollations().forEach(c -> keys.add(c.getFieldIndex()));
      use = "ORDER BY";
    } else if (node instanceof Aggregate aggregate) {
      keys.addAll(aggregate.getGroupSet().asList());
      for (AggregateCall call : aggregate.getAggCallList()) {
        for (int arg : call.getArgList()) {
          RelDataTypeField f = fields.get(arg);
          if (f.getType().isStruct() && call.getAggregation().getKind() != SqlKind.COUNT) {
            throw new ValidationException("Cannot aggregate the ROW column '" + f.getName() + "' with "
                + call.getAggregation().getName() + ": only COUNT takes a ROW. Aggregate its fields instead.");
          }
        }
      }
      use = "GROUP BY";
    } else if (node instanceof Join join) {
      // a join's right keys index the right input, after the left's fields
      JoinInfo info = join.analyzeCondition();
      int leftWidth = fields.size();
      fields.addAll(join.getRight().getRowType().getFieldList());
      keys.addAll(info.leftKeys);
      info.rightKeys.forEach(k -> keys.add(leftWidth + k));
      use = "join on";
    } else if (node instanceof Window window) {
      for (Window.Group group : window.groups) {
        keys.addAll(group.keys.asList());
        group.orderKeys.getFieldCollations().forEach(c -> keys.add(c.getFieldIndex()));
      }
      use = "PARTITION BY or ORDER BY";
    } else {
      return;
    }
    for (int k : keys) {
      RelDataTypeField f = k < fields.size() ? fields.get(k) : null;
      if (f != null && f.getType().isStruct()) {
        throw new ValidationException("Cannot " + use + " the ROW column '" + f.getName() + "': ROW values have no"
            + " order and cannot be keys yet. Use its fields instead, e.g. " + f.getName() + "."
            + f.getType().getFieldList().get(0).getName() + ".");
      }
    }
  }

  /**
   * The vertex that computes {@code node}. A subplan the query uses more than once (the same
   * table read twice, the same aggregate joined with its own maximum, as in Nexmark q5 and q7) is
   * built once, and its users read the one vertex's output, as Flink's sub-plan reuse does: the
   * work is done once, and both users see the same rows.
   */
  private int visit(RelNode node) {
    String text = repeated.isEmpty() ? null : RelOptUtil.toString(node);
    if (text != null && repeated.contains(text)) {
      Integer vertex = built.get(text);
      if (vertex == null) {
        vertex = translate(node);
        built.put(text, vertex);
        shared.add(vertex);
      }
      return vertex;
    }
    return translate(node);
  }

  /**
   * The largest subplans that occur more than once in {@code plan}, by their text (which names
   * tables, expressions and inputs, and so tells equal subplans apart from different ones).
   */
  private static Set<String> repeatedSubplans(RelNode plan) {
    Map<String, Integer> occurrences = new HashMap<>();
    new Object() {
      void count(RelNode node) {
        if (occurrences.merge(RelOptUtil.toString(node), 1, Integer::sum) == 1) {
          node.getInputs().forEach(this::count); // a repeat's inputs are counted within its first occurrence only
        }
      }
    }.count(plan);
    Set<String> repeats = new HashSet<>();
    occurrences.forEach((text, n) -> {
      if (n > 1) {
        repeats.add(text);
      }
    });
    return repeats;
  }

  private int translate(RelNode node) {
    if ((node instanceof Filter || node instanceof Project || node instanceof Calc)
        && RexUtil.SubQueryFinder.find(node instanceof Filter f ? List.of(f.getCondition())
            : node instanceof Project p ? p.getProjects() : List.of()) != null) {
      throw new ValidationException("Subqueries in WHERE or SELECT (IN (SELECT ...), EXISTS, scalar subqueries) are"
          + " not supported yet.");
    }
    refuseRowKeys(node);
    if (node instanceof TableScan scan) {
      return scan(scan);
    }
    if (node instanceof Values values) {
      return values(values);
    }
    if (node instanceof Calc calc && calc.getInput() instanceof Window window && isRowNumber(window)) {
      return rank(calc, window);
    }
    if (node instanceof Window window) {
      if (isRowNumber(window)) {
        throw new ValidationException(OVER_NEEDS_LIMIT);
      }
      return overAggregate(window);
    }
    if (node instanceof Calc calc && calc.getInput() instanceof TableFunctionScan scan && !isChangelog(scan)) {
      // a window function copies only the columns this Calc reads
      RexProgram program = calc.getProgram();
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(
          program.getProjectList().stream().map(r -> (RexNode) program.expandLocalRef(r)).toList(),
          program.getCondition() == null ? null : program.expandLocalRef(program.getCondition()));
      return calc(windowTableFunction(scan, used), calc.getProgram(), describe(calc.getProgram()), false);
    }
    if (node instanceof Calc calc) {
      return calc(visit(calc.getInput()), calc.getProgram(), describe(calc.getProgram()), isChangelog(calc.getInput()));
    }
    if (node instanceof Project project) {
      RexProgram program = RexProgram.create(project.getInput().getRowType(), project.getProjects(), null,
          project.getRowType(), rexBuilder);
      return calc(visit(project.getInput()), program, describe(program), isChangelog(project.getInput()));
    }
    if (node instanceof Filter filter) {
      RexProgram program = RexProgram.createIdentity(filter.getInput().getRowType());
      RexProgram withCondition = RexProgram.create(filter.getInput().getRowType(), program.getExprList().subList(0,
          filter.getInput().getRowType().getFieldCount()), filter.getCondition(), filter.getRowType(), rexBuilder);
      return calc(visit(filter.getInput()), withCondition, describe(withCondition), isChangelog(filter.getInput()));
    }
    if (node instanceof Join join) {
      return join(join);
    }
    if (!(node instanceof TableModify) && !(node instanceof Union) && !(node instanceof Aggregate)) {
      for (RelNode input : node.getInputs()) {
        if (isChangelog(input)) {
          throw new ValidationException(operatorName(node) + UPDATING_INPUT);
        }
      }
    }
    if (node instanceof Union union) {
      return union(union);
    }
    if (node instanceof Sort sort) {
      return sort(sort);
    }
    if (node instanceof TableModify modify) {
      return sink(modify);
    }
    if (node instanceof TableFunctionScan scan) {
      return windowTableFunction(scan, null);
    }
    if (node instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    throw new ValidationException("This query needs " + node.getRelTypeName().replace("Logical", "")
        + ", which is not supported yet.");
  }

  /**
   * Whether {@code plan} produces a changelog (rows with a kind: +I, -U, +U, -D) rather than
   * inserts: a scan of a changelog format, and the stateless operators over one.
   */
  public boolean producesChangelog(RelNode plan) {
    return isChangelog(plan);
  }

  private static final String UPDATING_INPUT = " over an updating input (a changelog: an updating GROUP BY, or a"
      + " table in a changelog format such as 'debezium-json') is not supported yet.";

  private boolean isChangelog(RelNode node) {
    if (node instanceof TableScan scan) {
      WeirTable table = scan.getTable().unwrap(WeirTable.class);
      return table != null && isChangelogTable(spec(table.definition()));
    }
    if (node instanceof Window window) {
      return isRowNumber(window); // a top-N's rows come and go; an OVER aggregate's are final
    }
    if (node instanceof Calc || node instanceof Project || node instanceof Filter || node instanceof Union) {
      return node.getInputs().stream().anyMatch(this::isChangelog);
    }
    if (node instanceof Join join) {
      return planJoin(join).changelog();
    }
    return node instanceof Aggregate aggregate && isUpdating(aggregate);
  }

  private static boolean isChangelogTable(TableSpec spec) {
    return spec.connector().producesChangelog(spec);
  }

  private static String operatorName(RelNode node) {
    if (node instanceof Aggregate) {
      return "GROUP BY";
    }
    if (node instanceof Sort sort) {
      return sort.getCollation().getFieldCollations().isEmpty() ? "LIMIT" : "ORDER BY";
    }
    if (node instanceof TableFunctionScan) {
      return "A window table function";
    }
    return node.getRelTypeName().replace("Logical", "");
  }

  private String nextId(String kind) {
    return kind + "-" + (operatorIds++);
  }

  /** "Calc(where=[>(order_id, 1)], select=[order_id, UPPER(customer)])", with column names for input refs. */
  private static String describe(RexProgram program) {
    List<String> names = program.getInputRowType().getFieldNames();
    RexShuttleNames shuttle = new RexShuttleNames(names);
    StringBuilder b = new StringBuilder("Calc(");
    if (program.getCondition() != null) {
      b.append("where=[").append(shuttle.text(program.expandLocalRef(program.getCondition()))).append("], ");
    }
    List<String> projections = new ArrayList<>();
    List<String> outNames = program.getOutputRowType().getFieldNames();
    for (int i = 0; i < program.getProjectList().size(); i++) {
      String e = shuttle.text(program.expandLocalRef(program.getProjectList().get(i)));
      projections.add(e.equals(outNames.get(i)) ? e : e + " AS " + outNames.get(i));
    }
    return b.append("select=[").append(String.join(", ", projections)).append("])").toString();
  }

  /** Prints an expression with input references replaced by column names. */
  private record RexShuttleNames(List<String> names) {
    String text(RexNode node) {
      return node.accept(new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(ref.getIndex(), ref.getType()) {
            @Override
            public String toString() {
              return names.get(ref.getIndex());
            }
          };
        }
      }).toString();
    }
  }

  private int scan(TableScan scan) {
    WeirTable table = scan.getTable().unwrap(WeirTable.class);
    if (table == null) {
      throw new ValidationException("Cannot read " + scan.getTable().getQualifiedName());
    }
    TableDefinition def = table.definition();
    TableSpec spec = spec(def);
    TableValidator.checkReadable(spec);
    List<Column> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      if (c.kind() == Column.Kind.COMPUTED) {
        throw new ValidationException("Table '" + def.name() + "' has computed column '" + c.name()
            + "', which cannot be read yet.");
      }
      columns.add(c);
    }
    boolean changelog = isChangelogTable(spec);
    if (changelog) {
      columns.add(RowKind.column());
    }
    Source source = source(def);
    WatermarkStrategy watermark = null;
    WatermarkSpec wm = def.schema().watermark();
    if (processingTime) {
      watermark = WatermarkStrategy.processingTime();
    } else if (wm != null && table.eventTime() != null && !(table.eventTime() instanceof RexInputRef)) {
      // WATERMARK FOR a computed column: each reader computes it from the batches it reads
      RexProgram program = RexProgram.create(scan.getRowType(), List.of(table.eventTime()), null,
          List.of(wm.column()), rexBuilder);
      CalcCompiler.compile(program, rexBuilder, classLoader); // errors surface before the job runs
      watermark = new WatermarkStrategy(-1, wm.delayMillis(), () -> CalcCompiler.compile(program, rexBuilder,
          classLoader));
    } else if (wm != null) {
      // a stored column, or a computed one that merely renames one
      int index = table.eventTime() instanceof RexInputRef ref ? ref.getIndex()
          : columns.indexOf(def.schema().column(wm.column()).orElseThrow());
      watermark = new WatermarkStrategy(index, wm.delayMillis());
    }
    int parallelism = spec.options().getOptional(TableOptions.PARALLELISM).orElse(defaultParallelism);
    String id = nextId("scan");
    long idle = spec.options().getOptional(TableOptions.IDLE_TIMEOUT).map(Duration::toMillis)
        .orElse(idleTimeoutMillis);
    SourceSpec sourceSpec = new SourceSpec(id, "Scan(table=" + def.name() + ", connector=" + spec.connector().name()
        + (source.isBounded() ? ", bounded" : ", unbounded") + (idle > 0 ? ", idle after " + idle + "ms" : "")
        + (changelog ? ", changelog" : "") + (processingTime ? ", watermark: processing time" : "") + ")",
        source, columns, watermark, batchSize, idle);
    return graph.add(new VertexSpec(id + ":" + def.name(), parallelism, sourceSpec, List.of(), List.of()));
  }

  private TableSpec spec(TableDefinition def) {
    return specs.computeIfAbsent(def.name(), n -> TableValidator.validate(n, def.schema(), def.options(), registry));
  }

  private Source source(TableDefinition def) {
    return sources.computeIfAbsent(def.name(), n -> spec(def).connector().createSource(spec(def)));
  }

  private int values(Values values) {
    List<Column> columns = columnsOf(values.getRowType());
    List<List<Object>> rows = new ArrayList<>();
    for (List<RexLiteral> tuple : values.getTuples()) {
      List<Object> row = new ArrayList<>();
      for (RexLiteral lit : tuple) {
        row.add(literalValue(lit));
      }
      rows.add(row);
    }
    String id = nextId("values");
    SourceSpec spec = new SourceSpec(id, "Values(rows=" + rows.size() + ")", new ValuesSource(rows), columns, null,
        batchSize);
    return graph.add(new VertexSpec(id, 1, spec, List.of(), List.of()));
  }

  private static Object literalValue(RexLiteral lit) {
    if (lit.isNull()) {
      return null;
    }
    return switch (lit.getType().getSqlTypeName()) {
      case BOOLEAN -> lit.getValueAs(Boolean.class);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> lit.getValueAs(Long.class);
      case REAL, FLOAT, DOUBLE -> lit.getValueAs(Double.class);
      case DECIMAL -> lit.getValueAs(BigDecimal.class);
      case CHAR, VARCHAR -> lit.getValueAs(String.class);
      case BINARY, VARBINARY -> lit.getValueAs(byte[].class);
      case DATE, TIME -> lit.getValueAs(Integer.class);
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> lit.getValueAs(Long.class);
      default -> throw new ValidationException("VALUES of type " + lit.getType() + " are not supported yet.");
    };
  }

  static List<Column> columnsOf(RelDataType rowType) {
    List<Column> columns = new ArrayList<>();
    for (RelDataTypeField f : rowType.getFieldList()) {
      columns.add(Column.physical(f.getName(), TypeMapping.fromRel(f.getType())));
    }
    return columns;
  }

  /**
   * Appends a compiled filter/projection to the chain of vertex {@code input}; over a changelog,
   * each row's kind is carried through as the last column.
   */
  private int calc(int input, RexProgram program, String description, boolean changelog) {
    if (program.isTrivial()) {
      return input;
    }
    if (changelog) {
      program = withRowKind(program);
    }
    RexProgram compiled = program;
    CalcCompiler.compile(compiled, rexBuilder, classLoader); // compiled (and cached) now: errors surface before the job
    OperatorSpec op = new OperatorSpec(nextId("calc"), description,
        () -> new CalcOperator(CalcCompiler.compile(compiled, rexBuilder, classLoader)));
    return append(input, op);
  }

  /** {@code program} reading one more input column, the row kind, and passing it on as its last output. */
  private RexProgram withRowKind(RexProgram program) {
    RelDataType in = program.getInputRowType();
    RelDataType kind = rexBuilder.getTypeFactory().createSqlType(SqlTypeName.TINYINT);
    RelDataType input = rexBuilder.getTypeFactory().builder().addAll(in.getFieldList()).add(RowKind.COLUMN, kind).build();
    List<RexNode> projects = new ArrayList<>();
    program.getProjectList().forEach(p -> projects.add(program.expandLocalRef(p)));
    projects.add(new RexInputRef(in.getFieldCount(), kind));
    List<String> names = new ArrayList<>(program.getOutputRowType().getFieldNames());
    names.add(RowKind.COLUMN);
    RexNode condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    return RexProgram.create(input, projects, condition, names, rexBuilder);
  }

  /** Appends {@code op} to vertex {@code input}'s chain; a shared vertex is left as it is, and {@code op} reads it. */
  private int append(int input, OperatorSpec op) {
    if (shared.contains(input)) {
      return graph.add(new VertexSpec(op.name(), graph.vertex(input).parallelism(), null, List.of(op), List.of(input)));
    }
    graph.replace(input, graph.vertex(input).append(op));
    return input;
  }

  private int union(Union union) {
    if (!union.all) {
      throw new IllegalStateException("UNION without ALL is planned as an aggregate over UNION ALL");
    }
    if (isChangelog(union) && !union.getInputs().stream().allMatch(this::isChangelog)) {
      throw new ValidationException("UNION ALL of a changelog (an updating GROUP BY, or a table in a changelog format"
          + " such as 'debezium-json') and append-only inputs is not supported yet.");
    }
    List<Integer> inputs = new ArrayList<>();
    int parallelism = 1;
    for (RelNode in : union.getInputs()) {
      int v = visit(in);
      inputs.add(v);
      parallelism = Math.max(parallelism, graph.vertex(v).parallelism());
    }
    if (isChangelog(union)) {
      parallelism = 1; // one subtask keeps each input's changes in order (a spread exchange could reorder a key's)
    }
    return graph.add(new VertexSpec(nextId("union"), parallelism, null, List.of(), inputs));
  }

  private int sort(Sort sort) {
    int input = visit(sort.getInput());
    long offset = sort.offset == null ? 0 : ((RexLiteral) sort.offset).getValueAs(Long.class);
    long fetch = sort.fetch == null ? -1 : ((RexLiteral) sort.fetch).getValueAs(Long.class);
    OperatorSpec op;
    if (sort.getCollation().getFieldCollations().isEmpty()) {
      long limit = fetch < 0 ? Long.MAX_VALUE - offset : fetch;
      op = new OperatorSpec(nextId("limit"), "Limit(offset=" + offset + ", fetch=" + fetch + ")",
          () -> new LimitOperator(offset, limit));
    } else {
      if (!isBounded(sort.getInput())) {
        throw new ValidationException("ORDER BY needs a bounded input, but this query reads an unbounded source."
            + " Use LIMIT alone, or read a bounded table.");
      }
      List<SortKey> keys = new ArrayList<>();
      for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
        boolean desc = fc.direction.isDescending();
        // the validator resolves the default (NULLs smallest, as in Flink) into an explicit direction
        boolean nullsFirst = fc.nullDirection == RelFieldCollation.NullDirection.FIRST;
        keys.add(new SortKey(fc.getFieldIndex(), desc, nullsFirst));
      }
      op = new OperatorSpec(nextId("sort"), "Sort(keys=" + keys.size() + ", offset=" + offset + ", fetch=" + fetch + ")",
          () -> new SortOperator(keys, offset, fetch));
    }
    return graph.add(new VertexSpec(op.name(), 1, null, List.of(op), List.of(input)));
  }

  /** TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset]) and HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset]). */
  /** @param used the output columns read downstream, or null for all */
  private int windowTableFunction(TableFunctionScan scan, ImmutableBitSet used) {
    if (!(scan.getCall() instanceof RexCall call)
        || !(call.getOperator() instanceof SqlWindowTableFunction)
        || scan.getInputs().size() != 1) {
      throw new ValidationException("Table function " + scan.getCall() + " is not supported.");
    }
    String name = call.getOperator().getName();
    int timeColumn = -1;
    List<Integer> sessionKeys = new ArrayList<>();
    RelNode source = scan.getInputs().get(0);
    if (source instanceof Exchange exchange) { // TABLE t PARTITION BY k
      sessionKeys.addAll(exchange.getDistribution().getKeys());
      source = exchange.getInput();
    }
    List<Long> intervals = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      if (operand.getKind() == SqlKind.DESCRIPTOR && timeColumn >= 0) { // SESSION's DESCRIPTOR(keys)
        ((RexCall) operand).getOperands().forEach(k -> sessionKeys.add(((RexInputRef) k).getIndex()));
      } else if (operand.getKind() == SqlKind.DESCRIPTOR) {
        timeColumn = ((RexInputRef) ((RexCall) operand).getOperands().get(0))
            .getIndex();
      } else if (operand instanceof RexLiteral lit && SqlTypeUtil.isInterval(lit.getType())) {
        if (lit.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
          throw new ValidationException(name + ": windows of months or years are not supported; give the size in days"
              + " or less.");
        }
        intervals.add(lit.getValueAs(Long.class));
      }
    }
    long size;
    long slide;
    long offset;
    switch (name) {
      case "TUMBLE" -> {
        size = intervals.get(0);
        slide = size;
        offset = intervals.size() > 1 ? intervals.get(1) : 0;
      }
      case "HOP", "CUMULATE" -> {
        slide = intervals.get(0);
        size = intervals.get(1);
        offset = intervals.size() > 2 ? intervals.get(2) : 0;
        if (name.equals("CUMULATE") && size % slide != 0) {
          throw new ValidationException("CUMULATE: the size must be a multiple of the step.");
        }
      }
      case "SESSION" -> {
        size = intervals.get(0); // the gap
        slide = size;
        offset = 0;
      }
      default -> throw new ValidationException(name + " windows are not supported yet; use TUMBLE, HOP, CUMULATE or"
          + " SESSION.");
    }
    if (size <= 0 || slide <= 0) {
      throw new ValidationException(name + ": the window size and slide must be positive.");
    }
    RelDataType timeType = source.getRowType().getFieldList().get(timeColumn).getType();
    if (timeType.getSqlTypeName() != SqlTypeName.TIMESTAMP
        && timeType.getSqlTypeName() != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      throw new ValidationException(name + ": the DESCRIPTOR column must be a TIMESTAMP(3), not " + timeType + ".");
    }
    if (processingTime && isEventTime(source, timeColumn)) {
      throw new ValidationException(name + ": a query cannot window by both event time and processing time"
          + " (PROCTIME()).");
    }
    if (processingTime ? !isProcessingTime(source, timeColumn) : !isEventTime(source, timeColumn)) {
      throw new ValidationException(name + ": DESCRIPTOR(" + source.getRowType().getFieldNames()
          .get(timeColumn) + ") must name the event-time column, the one declared with WATERMARK FOR, so that"
          + " windows close as the watermark passes them (or a PROCTIME() column, for processing-time windows).");
    }
    int input = visit(source);
    Schema out = TableSchema.arrowSchema(
        columnsOf(scan.getRowType()));
    int column = timeColumn;
    boolean[] copied = null;
    if (used != null) {
      copied = new boolean[source.getRowType().getFieldCount()];
      for (int c = 0; c < copied.length; c++) {
        copied[c] = used.get(c);
      }
    }
    boolean[] copiedColumns = copied;
    if (name.equals("SESSION")) {
      List<String> names = source.getRowType().getFieldNames();
      int[] keys = sessionKeys.stream().mapToInt(Integer::intValue).toArray();
      Schema in = TableSchema.arrowSchema(columnsOf(source.getRowType()));
      long gap = size;
      OperatorSpec op = new OperatorSpec(nextId("session"), "SESSION(time=" + names.get(timeColumn) + ", gap=" + gap
          + "ms, partition=" + sessionKeys.stream().map(names::get).toList() + ") stateful: a session's rows wait"
          + " until the watermark passes its end", () -> new SessionWindowOperator(keys, column, gap, in, out));
      // a key's rows meet in one subtask; without keys, all rows do
      int parallelism = keys.length == 0 ? 1 : Math.max(graph.vertex(input).parallelism(), defaultParallelism);
      return graph.add(VertexSpec.keyed(op.name(), parallelism, List.of(op), input, sessionKeys));
    }
    boolean cumulative = name.equals("CUMULATE");
    OperatorSpec op = new OperatorSpec(nextId("window"), name + "(time=" + scan.getInputs().get(0).getRowType()
        .getFieldNames().get(timeColumn) + ", size=" + size + "ms" + (slide != size ? ", step=" + slide + "ms" : "")
        + ")", () -> {
          WindowAssignOperator assign = new WindowAssignOperator(column, size, slide, offset, cumulative, out);
          return copiedColumns == null ? assign : assign.copyingOnly(copiedColumns);
        });
    return append(input, op);
  }

  /**
   * Whether a query windows by processing time: a window table function over a {@code PROCTIME()}
   * column, or {@code GROUP BY TUMBLE(PROCTIME(), ...)} (which Calcite plans as {@code $TUMBLE}
   * over the call).
   */
  private static boolean usesProcessingTime(RelNode node) {
    if (node instanceof TableFunctionScan scan && scan.getCall() instanceof RexCall call
        && call.getOperator() instanceof SqlWindowTableFunction) {
      RelNode source = scan.getInputs().get(0);
      for (RexNode operand : call.getOperands()) {
        if (operand.getKind() == SqlKind.DESCRIPTOR
            && isProcessingTime(source, ((RexInputRef) ((RexCall) operand).getOperands().get(0)).getIndex())) {
          return true;
        }
      }
    }
    if (node instanceof Calc calc) {
      for (RexNode p : calc.getProgram().getExprList()) {
        if (p instanceof RexCall c && c.getOperator().getName().equals("$TUMBLE")) {
          RexNode time = c.getOperands().get(0) instanceof org.apache.calcite.rex.RexLocalRef local
              ? calc.getProgram().expandLocalRef(local) : c.getOperands().get(0);
          if (time instanceof RexCall t && t.getOperator() == WeirFunctions.PROCTIME
              || time instanceof RexInputRef ref && isProcessingTime(calc.getInput(), ref.getIndex())) {
            return true;
          }
        }
      }
    }
    return node.getInputs().stream().anyMatch(JobTranslator::usesProcessingTime);
  }

  /** Whether output column {@code column} of {@code node} is {@code PROCTIME()}. */
  private static boolean isProcessingTime(RelNode node, int column) {
    RexNode projection;
    if (node instanceof Calc calc) {
      projection = calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(column));
    } else if (node instanceof Project project) {
      projection = project.getProjects().get(column);
    } else {
      return node instanceof Filter filter && isProcessingTime(filter.getInput(), column);
    }
    return projection instanceof RexCall call && call.getOperator() == WeirFunctions.PROCTIME
        || projection instanceof RexInputRef ref && isProcessingTime(node.getInput(0), ref.getIndex());
  }

  /** Whether output column {@code column} of {@code node} is (unchanged) a table's WATERMARK FOR column. */
  private static boolean isEventTime(RelNode node, int column) {
    if (node instanceof TableScan scan) {
      WeirTable table = scan.getTable().unwrap(WeirTable.class);
      var watermark = table == null ? null : table.definition().schema().watermark();
      return watermark != null && (scan.getRowType().getFieldNames().get(column).equals(watermark.column())
          || table.eventTime() instanceof RexInputRef ref && ref.getIndex() == column);
    }
    if (node instanceof Filter filter) {
      return isEventTime(filter.getInput(), column);
    }
    if (node instanceof Union union) {
      return union.getInputs().stream().allMatch(in -> isEventTime(in, column));
    }
    if (node instanceof Aggregate) {
      // a window aggregate's window_end (or a closing time): each row is emitted before the watermark passes it
      WindowColumn window = windowOf(node);
      return window.index() == column && window.toEnd() <= 1;
    }
    RexNode projection;
    if (node instanceof Calc calc) {
      projection = calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(column));
    } else if (node instanceof Project project) {
      projection = project.getProjects().get(column);
    } else {
      return false;
    }
    if (!(projection instanceof RexInputRef) && node.getInput(0) instanceof TableScan scan) {
      // a computed WATERMARK FOR column: its expression, right over the scan of the stored columns
      WeirTable table = scan.getTable().unwrap(WeirTable.class);
      RexNode eventTime = table == null ? null : table.eventTime();
      return eventTime != null && eventTime.toString().equals(projection.toString());
    }
    return projection instanceof RexInputRef ref && isEventTime(node.getInput(0), ref.getIndex());
  }

  /**
   * A column that tells each row's window: its index, and what to add to its value to get the
   * window's end (0 for window_end; the size for a group window's start).
   */
  private record WindowColumn(int index, long toEnd) {
    static final WindowColumn NONE = new WindowColumn(-1, 0);
  }

  /** The output column of {@code node} that holds a window (a TVF's window_end, or GROUP BY TUMBLE's start). */
  private static WindowColumn windowOf(RelNode node) {
    if (node instanceof TableFunctionScan scan
        && scan.getCall() instanceof RexCall call
        && call.getOperator() instanceof SqlWindowTableFunction) {
      return new WindowColumn(scan.getRowType().getFieldNames().indexOf("window_end"), 0);
    }
    if (node instanceof Filter filter) {
      return windowOf(filter.getInput());
    }
    if (node instanceof Aggregate aggregate && aggregate.getGroupType() == Aggregate.Group.SIMPLE) {
      // a window aggregate emits each window's rows before the watermark passes it, so its
      // window column still tells the window downstream (an aggregate of window results is one too)
      WindowColumn below = windowOf(aggregate.getInput());
      return below.index() >= 0 && aggregate.getGroupSet().get(below.index())
          ? new WindowColumn(aggregate.getGroupSet().indexOf(below.index()), below.toEnd()) : WindowColumn.NONE;
    }
    if (node instanceof Join join) {
      WindowColumn window = windowJoinColumn(join);
      return window.index() >= 0 ? window : expiryColumn(join);
    }
    List<RexNode> projections;
    RelNode input;
    if (node instanceof Calc calc) {
      projections = calc.getProgram().getProjectList().stream().map(r -> calc.getProgram().expandLocalRef(r))
          .map(r -> (RexNode) r).toList();
      input = calc.getInput();
    } else if (node instanceof Project project) {
      projections = project.getProjects();
      input = project.getInput();
    } else {
      return WindowColumn.NONE;
    }
    WindowColumn below = windowOf(input);
    for (int i = 0; i < projections.size(); i++) {
      RexNode p = projections.get(i);
      if (below.index() >= 0 && p instanceof RexInputRef ref && ref.getIndex() == below.index()) {
        return new WindowColumn(i, below.toEnd());
      }
      if (p instanceof RexCall c && c.getOperator().getName().equals("$TUMBLE")
          && c.getOperands().get(1) instanceof RexLiteral size) {
        return new WindowColumn(i, size.getValueAs(Long.class));
      }
    }
    return WindowColumn.NONE;
  }

  /**
   * For a window join (both inputs windowed alike, the window columns among the keys): the left
   * input's window column, which the joined rows keep. Else NONE.
   */
  private static WindowColumn windowJoinColumn(Join join) {
    WindowColumn left = windowOf(join.getLeft());
    WindowColumn right = windowOf(join.getRight());
    if (left.index() < 0 || right.index() < 0 || left.toEnd() != right.toEnd()
        || join.getJoinType() == JoinRelType.SEMI || join.getJoinType() == JoinRelType.ANTI) {
      return WindowColumn.NONE;
    }
    JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), join.getCondition());
    for (int k = 0; k < info.leftKeys.size(); k++) {
      if (info.leftKeys.get(k) == left.index() && info.rightKeys.get(k) == right.index()) {
        return left;
      }
    }
    return WindowColumn.NONE;
  }

  /** A time bound of an interval join: {@code lower <= left.time - right.time <= upper}, in milliseconds. */
  /**
   * When a time-bounded join's rows expire: a left row once the watermark reaches its column
   * {@code leftColumn} plus {@code leftDelta}, a right row likewise (its columns counted in the
   * right input); {@code holdBack} is how far the output watermark trails.
   */
  private record TimeBound(int leftColumn, long leftDelta, int rightColumn, long rightDelta, long holdBack,
      String text, boolean leftByOwnEventTime) {}

  /**
   * How a join runs.
   *
   * @param leftKeys the left input's key columns
   * @param rightKeys the right input's, pairwise of the same types
   * @param residual the rest of the condition, over a joined row, or null
   * @param window the window column of each side (a window join), or null
   * @param bound the time bound (an interval join), or null
   * @param changelog whether its output is a changelog
   */
  private record JoinPlan(List<Integer> leftKeys, List<Integer> rightKeys, RexNode residual, WindowColumn window,
      TimeBound bound, boolean changelog) {
    boolean timeBounded() {
      return window != null || bound != null;
    }
  }

  private JoinPlan planJoin(Join join) {
    JoinRelType type = join.getJoinType();
    if (type == JoinRelType.SEMI || type == JoinRelType.ANTI) {
      throw new ValidationException("IN, EXISTS and NOT EXISTS with a subquery are not supported yet.");
    }
    RelNode left = join.getLeft();
    RelNode right = join.getRight();
    int leftWidth = left.getRowType().getFieldCount();
    JoinInfo info = JoinInfo.createWithStrictEquality(left, right, join.getCondition());
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    List<RexNode> rest = new ArrayList<>(info.nonEquiConditions);
    for (int k = 0; k < info.leftKeys.size(); k++) {
      int l = info.leftKeys.get(k);
      int r = info.rightKeys.get(k);
      RelDataType lt = left.getRowType().getFieldList().get(l).getType();
      RelDataType rt = right.getRowType().getFieldList().get(r).getType();
      if (TypeMapping.fromRel(lt).withNullable(true).equals(TypeMapping.fromRel(rt).withNullable(true))) {
        leftKeys.add(l);
        rightKeys.add(r);
      } else { // different types hash differently: compared after the key match instead
        rest.add(rexBuilder.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS,
            new RexInputRef(l, lt), new RexInputRef(leftWidth + r, rt)));
      }
    }
    RexNode residual = rest.isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, rest);
    // over changes, or when the watermark is the clock (processing time), a join keeps its rows
    boolean changelogInput = isChangelog(left) || isChangelog(right);
    boolean regular = changelogInput || processingTime;
    WindowColumn window = regular ? WindowColumn.NONE : windowJoinColumn(join);
    TimeBound bound = regular || window.index() >= 0 || residual == null ? null
        : timeBound(join, RelOptUtil.conjunctions(residual));
    boolean outer = type != JoinRelType.INNER;
    boolean timeBounded = window.index() >= 0 || bound != null;
    return new JoinPlan(leftKeys, rightKeys, residual, window.index() >= 0 ? window : null, bound,
        changelogInput || (outer && !timeBounded));
  }

  /**
   * When a join's rows can no longer find partners, from time conditions between its inputs. A
   * condition {@code x <= y + k}, where {@code x} is one input's event time and {@code y} any time
   * of the other's, means: once the watermark reaches {@code y + k}, no row of {@code x}'s input
   * still to come can meet that row of {@code y}'s (its {@code x} would be later). An interval
   * join ({@code l.ts BETWEEN r.ts - INTERVAL '10' SECOND AND r.ts}) bounds both inputs so; so does
   * {@code b.ts BETWEEN a.ts AND a.expires} (Nexmark q4 and q9), where an auction's rows go once
   * the watermark passes its own {@code expires}. Both inputs must be bounded.
   */
  private static TimeBound timeBound(Join join, List<RexNode> conjuncts) {
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    long[] leftExpiry = null; // {column, delta}
    long[] rightExpiry = null;
    boolean leftByEventTime = false;
    boolean rightByEventTime = false;
    List<String> names = join.getRowType().getFieldNames();
    for (RexNode c : conjuncts) {
      if (!(c instanceof RexCall call) || call.getOperands().size() != 2) {
        continue;
      }
      SqlKind kind = call.getKind();
      TimeTerm x = timeTerm(join, call.getOperands().get(0));
      TimeTerm y = timeTerm(join, call.getOperands().get(1));
      if (kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL) {
        TimeTerm t = x;
        x = y;
        y = t;
        kind = kind.reverse();
      }
      if (kind != SqlKind.LESS_THAN && kind != SqlKind.LESS_THAN_OR_EQUAL || x == null || y == null
          || x.left() == y.left() || !x.eventTime()) {
        continue;
      }
      // x.time + x.offset <= y.time + y.offset (- 1 if strict); y's column holds y.time + y.columnOffset
      long delta = y.offset() - y.columnOffset() - x.offset() - (kind == SqlKind.LESS_THAN ? 1 : 0);
      long[] expiry = {y.left() ? y.column() : y.column() - leftWidth, delta};
      if (y.left() && (leftExpiry == null || y.eventTime() && !leftByEventTime)) {
        leftExpiry = expiry;
        leftByEventTime = y.eventTime();
      } else if (!y.left() && (rightExpiry == null || y.eventTime() && !rightByEventTime)) {
        rightExpiry = expiry;
        rightByEventTime = y.eventTime();
      }
    }
    if (leftExpiry == null || rightExpiry == null) {
      return null;
    }
    // rows kept by their own event time lag the watermark by less than their delta; by another time
    // (an auction's expires), by any amount: then no time of the output is an event time downstream
    long holdBack = leftByEventTime && rightByEventTime ? Math.max(0, Math.max(leftExpiry[1], rightExpiry[1])) : 0;
    String text = "left rows expire at " + names.get((int) leftExpiry[0]) + describeDelta(leftExpiry[1])
        + ", right rows at " + names.get(leftWidth + (int) rightExpiry[0]) + describeDelta(rightExpiry[1]);
    return new TimeBound((int) leftExpiry[0], leftExpiry[1], (int) rightExpiry[0], rightExpiry[1], holdBack, text,
        leftByEventTime);
  }

  private static String describeDelta(long delta) {
    return delta == 0 ? "" : delta > 0 ? " + " + delta + "ms" : " - " + -delta + "ms";
  }

  /**
   * One side of a time comparison in a join condition: {@code time + offset}, where {@code time}
   * names an event time of one input, and join column {@code column} holds {@code time +
   * columnOffset}. The planner computes expressions such as {@code ts + INTERVAL ..} below the join
   * as columns of their own; they are traced back to the time they add to.
   */
  private record TimeTerm(String time, boolean left, boolean eventTime, int column, long columnOffset, long offset) {}

  private static TimeTerm timeTerm(Join join, RexNode node) {
    long[] term = timeTerm(node);
    if (term == null) {
      return null;
    }
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    boolean left = term[0] < leftWidth;
    RelNode input = left ? join.getLeft() : join.getRight();
    int local = (int) term[0] - (left ? 0 : leftWidth);
    RexNode computed = input instanceof Calc calc
        ? calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(local))
        : input instanceof Project project ? project.getProjects().get(local) : null;
    long[] inner = computed == null ? null : timeTerm(computed);
    if (inner != null) {
      int base = (int) inner[0];
      return new TimeTerm((left ? "left " : "right ") + "input " + base, left, isEventTime(input.getInput(0), base),
          (int) term[0], inner[1], inner[1] + term[1]);
    }
    return new TimeTerm((left ? "left " : "right ") + local, left, isEventTime(input, local), (int) term[0], 0,
        term[1]);
  }

  /** {@code col}, {@code col + interval} or {@code col - interval} as {column, offset in ms}; else null. */
  private static long[] timeTerm(RexNode node) {
    if (node instanceof RexInputRef ref && SqlTypeUtil.isDatetime(ref.getType())) {
      return new long[] {ref.getIndex(), 0};
    }
    if (node instanceof RexCall call && (call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS)
        && call.getOperands().get(0) instanceof RexInputRef ref && SqlTypeUtil.isDatetime(ref.getType())
        && call.getOperands().get(1) instanceof RexLiteral lit && SqlTypeUtil.isInterval(lit.getType())
        && lit.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_YEAR_MONTH) {
      long ms = lit.getValueAs(Long.class);
      return new long[] {ref.getIndex(), call.getKind() == SqlKind.PLUS ? ms : -ms};
    }
    return null;
  }

  private int join(Join join) {
    JoinPlan plan = planJoin(join);
    RelNode left = join.getLeft();
    RelNode right = join.getRight();
    JoinRelType type = join.getJoinType();
    boolean preserveLeft = type == JoinRelType.LEFT || type == JoinRelType.FULL;
    boolean preserveRight = type == JoinRelType.RIGHT || type == JoinRelType.FULL;
    int leftWidth = left.getRowType().getFieldCount();
    int[] leftKeys = plan.leftKeys().stream().mapToInt(Integer::intValue).toArray();
    int[] rightKeys = plan.rightKeys().stream().mapToInt(Integer::intValue).toArray();
    JoinSpec.Side leftSide;
    JoinSpec.Side rightSide;
    long holdBack = 0;
    Schema leftSchema = TableSchema.arrowSchema(columnsOf(left.getRowType()));
    Schema rightSchema = TableSchema.arrowSchema(columnsOf(right.getRowType()));
    String kind;
    if (plan.window() != null) {
      int rightWindow = windowOf(right).index();
      long delta = plan.window().toEnd() - 1; // a window's rows can meet until its last millisecond
      leftSide = new JoinSpec.Side(leftSchema, leftKeys, -1, preserveLeft, plan.window().index(), delta);
      rightSide = new JoinSpec.Side(rightSchema, rightKeys, -1, preserveRight, rightWindow, delta);
      kind = "WindowJoin";
    } else if (plan.bound() != null) {
      TimeBound b = plan.bound();
      leftSide = new JoinSpec.Side(leftSchema, leftKeys, -1, preserveLeft, b.leftColumn(), b.leftDelta());
      rightSide = new JoinSpec.Side(rightSchema, rightKeys, -1, preserveRight, b.rightColumn(), b.rightDelta());
      holdBack = b.holdBack();
      kind = "IntervalJoin";
    } else {
      leftSide = new JoinSpec.Side(leftSchema, leftKeys, isChangelog(left) ? leftWidth : -1, preserveLeft, -1, 0);
      rightSide = new JoinSpec.Side(rightSchema, rightKeys, isChangelog(right) ? right.getRowType().getFieldCount() : -1,
          preserveRight, -1, 0);
      kind = "Join";
    }
    Supplier<CalcProgram> residual = null;
    if (plan.residual() != null) {
      RelDataType bool = rexBuilder.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN);
      RexProgram program = RexProgram.create(join.getRowType(), List.of(plan.residual()), null,
          rexBuilder.getTypeFactory().builder().add("$condition", bool).nullable(true).build(), rexBuilder);
      CalcCompiler.compile(program, rexBuilder, classLoader); // errors surface before the job runs
      residual = () -> CalcCompiler.compile(program, rexBuilder, classLoader);
    }
    long ttl = plan.timeBounded() ? 0 : stateTtlMillis;
    JoinSpec spec = new JoinSpec(leftSide, rightSide, residual, TableSchema.arrowSchema(columnsOf(join.getRowType())),
        plan.changelog(), plan.timeBounded(), plan.window() != null, holdBack, ttl);
    List<String> names = join.getRowType().getFieldNames();
    List<String> keyText = new ArrayList<>();
    for (int k = 0; k < leftKeys.length; k++) {
      keyText.add(names.get(leftKeys[k]) + " = " + names.get(leftWidth + rightKeys[k]));
    }
    String description = kind + "(type=" + type.lowerName + ", keys=[" + String.join(", ", keyText) + "]"
        + (plan.residual() == null ? "" : ", where=[" + new RexShuttleNames(names).text(plan.residual()) + "]")
        + (plan.bound() != null ? ", " + plan.bound().text() : "")
        + ") stateful: " + (plan.window() != null ? "one state per window, freed when the watermark passes its end"
            : plan.bound() != null ? "rows freed as the watermark passes their interval"
            : "keeps both inputs' rows" + (ttl > 0 ? ", state TTL " + ttl + "ms" : " (bound them with"
                + " 'table.exec.state.ttl')"))
        + (plan.changelog() ? ", emits a changelog (+I, -D)" : "");
    int leftInput = visit(left);
    int rightInput = visit(right);
    OperatorSpec op = new OperatorSpec(nextId("join"), description, () -> new JoinOperator(spec));
    // rows meet by key: one subtask per share of the keys; without keys, all rows meet in one
    int parallelism = leftKeys.length == 0 ? 1 : Math.max(defaultParallelism,
        Math.max(graph.vertex(leftInput).parallelism(), graph.vertex(rightInput).parallelism()));
    return graph.add(new VertexSpec(op.name(), parallelism, null, List.of(op), List.of(leftInput, rightInput),
        List.of(plan.leftKeys(), plan.rightKeys())));
  }

  /** An aggregate call as the engine computes it. */
  private static AggregateSpec aggregateSpec(org.apache.calcite.sql.SqlAggFunction function, List<Integer> arguments,
      int filter, RelDataType type, boolean distinct) {
    AggregateSpec.Function f = switch (function.getKind()) {
      case COUNT -> AggregateSpec.Function.COUNT;
      // a SUM typed NOT NULL (Calcite's, inside its rewrite of SUM and AVG OVER windows) is 0 over no values
      case SUM -> type.isNullable() ? AggregateSpec.Function.SUM : AggregateSpec.Function.SUM0;
      case SUM0 -> AggregateSpec.Function.SUM0;
      case MIN -> AggregateSpec.Function.MIN;
      case MAX -> AggregateSpec.Function.MAX;
      case AVG -> AggregateSpec.Function.AVG;
      default -> throw new ValidationException("Aggregate function " + function.getName() + " is not supported yet.");
    };
    if (arguments.size() > 1) {
      throw new ValidationException(function.getName() + " of several columns is not supported yet.");
    }
    return new AggregateSpec(f, arguments.isEmpty() ? -1 : arguments.get(0), filter,
        SqlTypeUtil.isExactNumeric(type) && type.getSqlTypeName() != SqlTypeName.DECIMAL,
        type.getSqlTypeName() == SqlTypeName.DECIMAL ? type.getScale() : -1, distinct);
  }

  /**
   * {@code agg(x) OVER (PARTITION BY .. ORDER BY ts ROWS|RANGE BETWEEN .. PRECEDING AND CURRENT
   * ROW)}, ordered by the input's event time: each row with the aggregates over its frame,
   * emitted when the watermark passes it (append-only, as in Flink).
   */
  private int overAggregate(Window window) {
    if (window.groups.size() != 1) {
      throw new ValidationException("OVER windows of different specifications in one SELECT are not supported yet.");
    }
    Window.Group group = window.groups.get(0);
    RelNode input = window.getInput();
    int width = input.getRowType().getFieldCount();
    List<RelFieldCollation> order = group.orderKeys.getFieldCollations();
    if (order.size() != 1 || order.get(0).direction.isDescending() || !isEventTime(input, order.get(0).getFieldIndex())) {
      throw new ValidationException("An OVER aggregate must be ordered by the event-time column (the one declared with"
          + " WATERMARK FOR), ascending: rows are aggregated in time order as the watermark passes them.");
    }
    if (isChangelog(input)) {
      throw new ValidationException("An OVER aggregate" + UPDATING_INPUT);
    }
    if (!group.upperBound.isCurrentRow() || !(group.lowerBound.isPreceding() || group.lowerBound.isCurrentRow())) {
      throw new ValidationException("An OVER aggregate's frame must end at the CURRENT ROW and start before it"
          + " (ROWS or RANGE BETWEEN .. PRECEDING AND CURRENT ROW).");
    }
    boolean range = !group.isRows;
    long preceding;
    if (group.lowerBound.isUnbounded()) {
      preceding = -1;
    } else if (group.lowerBound.isCurrentRow()) {
      preceding = 0;
    } else {
      RexNode offset = group.lowerBound.getOffset();
      RexLiteral literal = offset instanceof RexInputRef ref && ref.getIndex() >= width
          ? window.constants.get(ref.getIndex() - width) : offset instanceof RexLiteral l ? l : null;
      if (literal == null) {
        throw new ValidationException("An OVER frame's bound must be a constant.");
      }
      preceding = literal.getValueAs(Long.class);
    }
    List<AggregateSpec> specs = new ArrayList<>();
    for (Window.RexWinAggCall call : group.aggCalls) {
      List<Integer> arguments = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        if (!(operand instanceof RexInputRef ref) || ref.getIndex() >= width) {
          throw new ValidationException("OVER aggregates of columns only are supported, not of " + operand + ".");
        }
        arguments.add(ref.getIndex());
      }
      specs.add(aggregateSpec((org.apache.calcite.sql.SqlAggFunction) call.getOperator(), arguments, -1, call.getType(),
          call.distinct));
    }
    int[] keys = group.keys.toArray();
    int time = order.get(0).getFieldIndex();
    Schema in = TableSchema.arrowSchema(columnsOf(input.getRowType()));
    Schema out = TableSchema.arrowSchema(columnsOf(window.getRowType()));
    List<String> names = input.getRowType().getFieldNames();
    String frame = (range ? "RANGE " : "ROWS ") + (preceding < 0 ? "UNBOUNDED" : range ? preceding + "ms" : preceding)
        + " PRECEDING";
    OperatorSpec op = new OperatorSpec(nextId("over"), "OverAggregate(partition="
        + Arrays.stream(keys).mapToObj(names::get).toList() + ", order=" + names.get(time) + ", " + frame + ", "
        + group.aggCalls + ") stateful: rows wait for the watermark; each partition keeps its frame",
        () -> new OverAggregateOperator(keys, time, specs, preceding, range, in, out));
    int vertexInput = visit(input);
    int parallelism = keys.length == 0 ? 1 : Math.max(graph.vertex(vertexInput).parallelism(), defaultParallelism);
    return graph.add(VertexSpec.keyed(op.name(), parallelism, List.of(op), vertexInput,
        Arrays.stream(keys).boxed().toList()));
  }

  private static boolean isRowNumber(Window window) {
    return window.groups.stream().flatMap(g -> g.aggCalls.stream())
        .anyMatch(c -> c.getOperator().getKind() == SqlKind.ROW_NUMBER);
  }

  /**
   * An inner interval join whose left rows expire by a time of their own, not their event time
   * ({@code b.ts BETWEEN a.ts AND a.expires}): every joined row of a left row is emitted before the
   * watermark passes its expiry, so that column tells a window downstream — a GROUP BY including it
   * gives each left row's result once, when it can change no more (Nexmark q6's closed auctions).
   */
  private static WindowColumn expiryColumn(Join join) {
    if (join.getJoinType() != JoinRelType.INNER) {
      return WindowColumn.NONE; // padded rows come when rows expire: they would be late
    }
    JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), join.getCondition());
    TimeBound bound = info.nonEquiConditions.isEmpty() ? null : timeBound(join, info.nonEquiConditions.stream()
        .flatMap(c -> RelOptUtil.conjunctions(c).stream()).toList());
    if (bound == null || bound.leftByOwnEventTime()) {
      return WindowColumn.NONE;
    }
    return new WindowColumn(bound.leftColumn(), bound.leftDelta() + 1);
  }

  private static final String OVER_NEEDS_LIMIT = "ROW_NUMBER() needs a limit on it in the WHERE clause of the"
      + " query around it: WHERE rn <= N (top-N) or rn = 1 (deduplication).";

  /**
   * A top-N: {@code SELECT .. FROM (SELECT .., ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..) AS rn
   * FROM t) WHERE rn <= N}, planned as a Calc over a Window that adds the row number after the
   * input's columns. The limit on {@code rn} becomes the rank operator's range; the rest of the
   * Calc runs on its output, which has the Window's columns.
   */
  private int rank(Calc calc, Window window) {
    if (window.groups.size() != 1 || window.groups.get(0).aggCalls.size() != 1
        || window.groups.get(0).aggCalls.get(0).getOperator().getKind() != SqlKind.ROW_NUMBER) {
      throw new ValidationException(OVER_NEEDS_LIMIT);
    }
    Window.Group group = window.groups.get(0);
    RelNode input = window.getInput();
    int width = input.getRowType().getFieldCount();
    RexProgram program = calc.getProgram();
    long rankStart = 1;
    long rankEnd = Long.MAX_VALUE;
    List<RexNode> rest = new ArrayList<>();
    RexNode condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    for (RexNode c : condition == null ? List.<RexNode>of() : RelOptUtil.conjunctions(condition)) {
      long[] range = rankRange(c, width);
      if (range == null) {
        rest.add(c);
      } else {
        rankStart = Math.max(rankStart, range[0]);
        rankEnd = Math.min(rankEnd, range[1]);
      }
    }
    if (rankEnd == Long.MAX_VALUE) {
      throw new ValidationException(OVER_NEEDS_LIMIT);
    }
    if (rankEnd < rankStart) {
      throw new ValidationException("The limit on ROW_NUMBER() leaves no rank: from " + rankStart + " to " + rankEnd
          + ".");
    }
    List<RexNode> outputs = program.getProjectList().stream().map(r -> (RexNode) program.expandLocalRef(r)).toList();
    RexNode remaining = rest.isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, rest);
    RexInputRefFinder readsRank = new RexInputRefFinder(width);
    boolean outputRank = readsRank.in(remaining) || outputs.stream().anyMatch(readsRank::in);
    RexProgram after = RexProgram.create(window.getRowType(), outputs, remaining, calc.getRowType(), rexBuilder);

    int[] partitionKeys = group.keys.toArray();
    List<SortKey> sortKeys = new ArrayList<>();
    List<String> names = input.getRowType().getFieldNames();
    List<String> orderText = new ArrayList<>();
    for (RelFieldCollation fc : group.orderKeys.getFieldCollations()) {
      boolean descending = fc.direction.isDescending();
      boolean nullsFirst = fc.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED ? !descending
          : fc.nullDirection == RelFieldCollation.NullDirection.FIRST;
      sortKeys.add(new SortKey(fc.getFieldIndex(), descending, nullsFirst));
      orderText.add(names.get(fc.getFieldIndex()) + (descending ? " DESC" : ""));
    }
    boolean changelogInput = isChangelog(input);
    int kindColumn = changelogInput ? width : -1;
    Schema inputSchema = TableSchema.arrowSchema(columnsOf(input.getRowType()));
    List<Column> outColumns = new ArrayList<>(columnsOf(window.getRowType()));
    outColumns.add(RowKind.column());
    Schema outputSchema = TableSchema.arrowSchema(outColumns);
    long start = rankStart;
    long end = rankEnd;
    // rn = 1 over inserts keeps one row per key: deduplication, with no ranked list per key
    boolean deduplicate = start == 1 && end == 1 && !changelogInput;
    String ttlText = stateTtlMillis > 0 ? ", state TTL " + stateTtlMillis + "ms" : "";
    String description = deduplicate
        ? "Deduplicate(partition=" + Arrays.stream(partitionKeys).mapToObj(names::get).toList() + ", order="
            + orderText + (outputRank ? ", with the rank number" : "") + ") stateful: keeps the first row of each"
            + " partition by the order" + ttlText + ", emits a changelog"
        : "Rank(partition=" + Arrays.stream(partitionKeys).mapToObj(names::get).toList() + ", order="
            + orderText + ", rank " + (start == end ? "= " + start : "in [" + start + ", " + end + "]")
            + (outputRank ? ", with the rank number" : "") + ") stateful: keeps "
            + (changelogInput ? "every row of each partition (its input retracts)" : "the top " + end + " rows of each"
                + " partition") + ttlText + ", emits a changelog";
    int in = visit(input);
    long ttl = stateTtlMillis;
    OperatorSpec op = new OperatorSpec(nextId("rank"), description, deduplicate
        ? () -> new DeduplicateOperator(partitionKeys, sortKeys, inputSchema, outputSchema, ttl, System::currentTimeMillis)
        : () -> new RankOperator(partitionKeys, sortKeys, start, end, outputRank, kindColumn, inputSchema, outputSchema,
            ttl, System::currentTimeMillis));
    int parallelism = partitionKeys.length == 0 ? 1 : Math.max(graph.vertex(in).parallelism(), defaultParallelism);
    int vertex = graph.add(VertexSpec.keyed(op.name(), parallelism, List.of(op), in,
        Arrays.stream(partitionKeys).boxed().toList()));
    return calc(vertex, after, describe(after), true);
  }

  /** Finds references to one input column. */
  private record RexInputRefFinder(int column) {
    boolean in(RexNode node) {
      if (node == null) {
        return false;
      }
      boolean[] found = {false};
      node.accept(new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
        @Override
        public Void visitInputRef(RexInputRef ref) {
          found[0] |= ref.getIndex() == column;
          return null;
        }
      });
      return found[0];
    }
  }

  /** {@code rn <= N}, {@code rn < N}, {@code rn = N}, {@code rn >= N}, {@code rn > N} (either way round) as a range of ranks; else null. */
  private static long[] rankRange(RexNode condition, int rankColumn) {
    if (!(condition instanceof RexCall call) || call.getOperands().size() != 2) {
      return null;
    }
    SqlKind kind = call.getKind();
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    if (b instanceof RexInputRef && a instanceof RexLiteral) {
      RexNode t = a;
      a = b;
      b = t;
      kind = kind.reverse();
    }
    if (!(a instanceof RexInputRef ref) || ref.getIndex() != rankColumn || !(b instanceof RexLiteral lit)
        || lit.getValueAs(Long.class) == null) {
      return null;
    }
    long n = lit.getValueAs(Long.class);
    return switch (kind) {
      case LESS_THAN_OR_EQUAL -> new long[] {1, n};
      case LESS_THAN -> new long[] {1, n - 1};
      case EQUALS -> new long[] {n, n};
      case GREATER_THAN_OR_EQUAL -> new long[] {n, Long.MAX_VALUE};
      case GREATER_THAN -> new long[] {n + 1, Long.MAX_VALUE};
      default -> null;
    };
  }

  private int aggregate(Aggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      throw new ValidationException("GROUPING SETS, ROLLUP and CUBE are not supported yet.");
    }
    int[] keys = aggregate.getGroupSet().toArray();
    WindowColumn window = windowOf(aggregate.getInput());
    boolean windowed = window.index() >= 0 && aggregate.getGroupSet().get(window.index());
    boolean changelogInput = isChangelog(aggregate.getInput());
    if (windowed && changelogInput) {
      throw new ValidationException("A window aggregate" + UPDATING_INPUT);
    }
    boolean updating = isUpdating(aggregate);
    List<AggregateSpec> specs = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      specs.add(aggregateSpec(call.getAggregation(), call.getArgList(), call.filterArg, call.getType(),
          call.isDistinct()));
    }
    int input = visit(aggregate.getInput());
    String calls = "(group=" + aggregate.getGroupSet() + ", " + aggregate.getAggCallList() + ")";
    OperatorSpec op;
    if (updating) {
      List<Column> columns = new ArrayList<>(columnsOf(aggregate.getRowType()));
      columns.add(RowKind.column());
      Schema out = TableSchema.arrowSchema(columns);
      int kindColumn = changelogInput ? aggregate.getInput().getRowType().getFieldCount() : -1;
      long ttl = stateTtlMillis;
      op = new OperatorSpec(nextId("aggregate"), "GroupAggregate" + calls
          + " stateful: updating, emits a changelog (+I, -U, +U, -D)" + (ttl > 0 ? ", state TTL " + ttl + "ms" : ""),
          () -> new UpdatingAggregateOperator(keys, specs, kindColumn, out, ttl, System::currentTimeMillis));
    } else {
      Schema out = TableSchema.arrowSchema(columnsOf(aggregate.getRowType()));
      int end = windowed ? window.index() : -1;
      long toEnd = window.toEnd();
      op = new OperatorSpec(nextId("aggregate"), (windowed ? "WindowAggregate" : "Aggregate") + calls + (windowed
          ? " stateful: one state per window, freed when the watermark passes its end"
          : " stateful: emits when its bounded input ends"),
          () -> new HashAggregateOperator(keys, specs, end, toEnd, out));
    }
    // rows meet by key: one subtask per share of the keys; a global aggregate has one
    int parallelism = keys.length == 0 ? 1 : Math.max(graph.vertex(input).parallelism(), defaultParallelism);
    List<Integer> partitionKeys = Arrays.stream(keys).boxed().toList();
    return graph.add(VertexSpec.keyed(op.name(), parallelism, List.of(op), input, partitionKeys));
  }

  /**
   * Whether an aggregate's result updates: a GROUP BY without a window over an unbounded input or
   * a changelog. (Over a bounded input of inserts the result is final, emitted when it ends.)
   */
  private boolean isUpdating(Aggregate aggregate) {
    WindowColumn window = windowOf(aggregate.getInput());
    boolean windowed = window.index() >= 0 && aggregate.getGroupSet().get(window.index());
    return !windowed && (isChangelog(aggregate.getInput()) || !isBounded(aggregate.getInput()));
  }

  private boolean isBounded(RelNode node) {
    if (node instanceof TableScan scan) {
      TableDefinition def = scan.getTable().unwrap(WeirTable.class).definition();
      TableValidator.checkReadable(spec(def));
      return source(def).isBounded();
    }
    for (RelNode in : node.getInputs()) {
      if (!isBounded(in)) {
        return false;
      }
    }
    return true;
  }

  private int sink(TableModify modify) {
    WeirTable table = modify.getTable().unwrap(WeirTable.class);
    if (table == null) {
      throw new ValidationException("Cannot write to " + String.join(".", modify.getTable().getQualifiedName())
          + ": views and tables with computed columns cannot be written (yet).");
    }
    if (modify.getOperation() != TableModify.Operation.INSERT) {
      throw new ValidationException(modify.getOperation() + " is not supported; streaming tables take INSERT only.");
    }
    TableDefinition def = table.definition();
    TableSpec spec = spec(def);
    TableValidator.checkWritable(spec);
    List<Column> columns = table.columns(); // what records carry: physical and non-virtual metadata columns
    RelNode input = castTo(modify.getInput(), columns);
    if (isChangelog(modify.getInput())) {
      String refusal = spec.connector().whyNoChangelog(spec);
      if (refusal != null) {
        throw new ValidationException("Table '" + def.name() + "' cannot take the updating result of this query: "
            + refusal + ".");
      }
      checkUpsertKey(def, spec, modify.getInput(), columns);
      columns = new ArrayList<>(columns);
      columns.add(RowKind.column());
    }
    List<Column> writerColumns = columns;
    String jobName = graph.name();
    int in = visit(input);
    Sink sink = spec.connector().createSink(spec);
    String id = nextId("sink");
    OperatorSpec op = new OperatorSpec(id, "Sink(table=" + def.name() + ", connector=" + spec.connector().name() + ")",
        () -> new SinkWriterOperator(ctx -> {
          try {
            return sink.createWriter(new WriterContext(ctx.allocator(), writerColumns, ctx.subtask(), ctx.parallelism(),
                jobName, ctx.checkpointing()));
          } catch (Exception e) {
            throw Unchecked.of(e);
          }
        }));
    int parallelism = Math.min(graph.vertex(in).parallelism(), sink.maxParallelism());
    if (parallelism == graph.vertex(in).parallelism()) {
      return append(in, op);
    }
    return graph.add(new VertexSpec(id, parallelism, null, List.of(op), List.of(in)));
  }

  /**
   * A sink that writes changes as upserts by its PRIMARY KEY is right only if the changes are keyed
   * by it: some unique key of the query's result (a GROUP BY's keys, a source's primary key,
   * traced through projections and filters) must lie within the sink's key. Otherwise two
   * different rows would overwrite, and retract, each other under one key.
   */
  private static void checkUpsertKey(TableDefinition def, TableSpec spec, RelNode input, List<Column> columns) {
    List<String> key = def.schema().primaryKey();
    if (key.isEmpty() || spec.format() == null || spec.format().isChangelog()) {
      return; // no upserts: the sink writes every change as it is
    }
    List<String> names = columns.stream().map(Column::name).toList();
    ImmutableBitSet sinkKey = ImmutableBitSet.of(key.stream().mapToInt(names::indexOf).toArray());
    Set<ImmutableBitSet> uniqueKeys = input.getCluster().getMetadataQuery().getUniqueKeys(input);
    if (uniqueKeys != null && uniqueKeys.stream().anyMatch(sinkKey::contains)) {
      return;
    }
    String found = uniqueKeys == null || uniqueKeys.isEmpty() ? "no key Weir can see"
        : "the key " + uniqueKeys.stream().map(k -> k.asList().stream().map(names::get).toList().toString())
            .collect(Collectors.joining(" or "));
    throw new ValidationException("Table '" + def.name() + "' writes changes as upserts by its PRIMARY KEY " + key
        + ", but the query's changes have " + found + " within it: rows with the same " + key + " would overwrite"
        + " each other. Group by the sink's key, or declare the PRIMARY KEY of the source table.");
  }

  /** Casts the input's columns to the target's exact types, so that sinks get the vectors they declare. */
  private RelNode castTo(RelNode input, List<Column> columns) {
    List<RelDataTypeField> fields = input.getRowType().getFieldList();
    List<RexNode> projects = new ArrayList<>();
    List<String> names = new ArrayList<>();
    boolean needed = false;
    for (int i = 0; i < fields.size(); i++) {
      DataType target = columns.get(i).type();
      RelDataType targetRel = TypeMapping.toRel(target.withNullable(true), rexBuilder.getTypeFactory());
      RexNode ref = rexBuilder.makeInputRef(input, i);
      DataType actual = TypeMapping.fromRel(fields.get(i).getType());
      if (!actual.withNullable(true).equals(target.withNullable(true))
          || fields.get(i).getType().getSqlTypeName() == SqlTypeName.NULL) {
        projects.add(rexBuilder.makeCast(targetRel, ref, true, false));
        needed = true;
      } else {
        projects.add(ref);
      }
      names.add(columns.get(i).name());
    }
    if (!needed) {
      return input;
    }
    return LogicalProject.create(input, List.of(), projects, names, Set.of());
  }
}
