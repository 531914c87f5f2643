package dev.weir.sql.plan;

import com.google.common.base.Suppliers;
import dev.weir.catalog.Catalog;
import dev.weir.catalog.TableDefinition;
import dev.weir.catalog.ValidationException;
import dev.weir.catalog.ViewDefinition;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.catalog.connector.TableOptions;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.sql.functions.WeirFunctions;
import dev.weir.sql.parser.impl.WeirSqlParserImpl;
import dev.weir.sql.schema.ImplicitColumns;
import dev.weir.sql.schema.TypeMapping;
import dev.weir.sql.schema.WeirTable;
import dev.weir.sql.schema.WeirTypeSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.schema.impl.ViewTable;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Parses, validates and plans SQL against the catalog as it is at the moment of the call. Flink's
 * lexical rules apply: back-tick quoting, case kept, case-sensitive names.
 */
public final class SqlPlanner {
  public static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
      .withParserFactory(WeirSqlParserImpl.FACTORY)
      .withQuoting(Quoting.BACK_TICK)
      .withUnquotedCasing(Casing.UNCHANGED)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(true)
      .withConformance(WeirConformance.INSTANCE);

  private final Catalog catalog;
  private final SqlOperatorTable userFunctions;
  private final ConnectorRegistry registry;
  private final JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);

  /** A planner with no user-defined functions and the connectors on the class path. */
  public SqlPlanner(Catalog catalog) {
    this(catalog, SqlOperatorTables.of(), ConnectorRegistry.load());
  }

  /**
   * @param userFunctions the session's user-defined functions
   * @param registry the connectors, which say what metadata columns their tables have
   */
  public SqlPlanner(Catalog catalog, SqlOperatorTable userFunctions, ConnectorRegistry registry) {
    this.catalog = catalog;
    this.userFunctions = userFunctions;
    this.registry = registry;
  }

  public RelDataTypeFactory typeFactory() {
    return typeFactory;
  }

  /** Parses a script of statements separated by semicolons. */
  public static List<SqlNode> parseScript(String script) {
    try {
      return new ArrayList<>(SqlParser.create(script, PARSER_CONFIG).parseStmtList().getList());
    } catch (SqlParseException e) {
      throw SqlErrors.parse(e, script);
    }
  }

  /** The text of a statement at {@code pos} in {@code script}, as written. */
  public static String textOf(String script, org.apache.calcite.sql.parser.SqlParserPos pos) {
    String[] lines = script.split("\n", -1);
    if (pos.getLineNum() < 1 || pos.getEndLineNum() > lines.length) {
      return script.strip();
    }
    StringBuilder text = new StringBuilder();
    for (int line = pos.getLineNum(); line <= pos.getEndLineNum(); line++) {
      String l = lines[line - 1];
      int from = line == pos.getLineNum() ? pos.getColumnNum() - 1 : 0;
      int to = line == pos.getEndLineNum() ? Math.min(l.length(), pos.getEndColumnNum()) : l.length();
      text.append(l, Math.max(0, Math.min(from, l.length())), Math.max(from, to));
      if (line < pos.getEndLineNum()) {
        text.append('\n');
      }
    }
    return text.toString();
  }

  /** Parses one query (a view's text). */
  public static SqlNode parseQuery(String sql) {
    try {
      return SqlParser.create(sql, PARSER_CONFIG).parseQuery();
    } catch (SqlParseException e) {
      throw SqlErrors.parse(e, sql);
    }
  }

  /**
   * A validated and planned statement.
   *
   * @param insertSourceType for an INSERT, the row type of its query before Calcite's implicit casts; else null
   */
  public record Planned(RelNode logical, RelNode optimized, RelDataType rowType, RexBuilder rexBuilder,
      RelDataType insertSourceType) {}

  /** Validates a query or INSERT and plans it. */
  public Planned plan(SqlNode statement) {
    Context ctx = new Context(statement instanceof SqlInsert insert ? insert.getTargetTable().toString() : null);
    SqlNode validated = ctx.validate(statement);
    RelDataType insertSource = validated instanceof SqlInsert insert
        ? ctx.validator.getValidatedNodeType(insert.getSource()) : null;
    RelRoot root = ctx.convert(validated);
    RelNode logical = LookupJoins.rewrite(root.project(), ctx.cluster.getRexBuilder());
    HepProgramBuilder rules = new HepProgramBuilder()
        // WHERE conditions of a join become its condition (or go below it when they read one side);
        // expressions in it stay there (pushed below, `ts + INTERVAL ..` would hide an interval join's bounds)
        // window functions (ROW_NUMBER() OVER ...) move out of projections into a Window of their own
        .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
        // UNION (without ALL) is a GROUP BY of every column over UNION ALL
        .addRuleInstance(CoreRules.UNION_TO_DISTINCT)
        .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
        .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
        // a join keeps only the columns read above it: less state per row
        .addRuleInstance(CoreRules.PROJECT_JOIN_TRANSPOSE)
        .addRuleInstance(CoreRules.PROJECT_TO_CALC)
        .addRuleInstance(CoreRules.FILTER_TO_CALC)
        .addRuleInstance(CoreRules.CALC_MERGE)
        .addRuleInstance(CoreRules.CALC_REMOVE);
    HepPlanner hep = new HepPlanner(rules.build());
    hep.setRoot(logical);
    RelNode optimized = hep.findBestExp();
    return new Planned(logical, optimized, root.validatedRowType, ctx.cluster.getRexBuilder(), insertSource);
  }

  /** The row type of a query, as DESCRIBE of a view shows it. */
  public RelDataType rowType(SqlNode query) {
    Context ctx = new Context(null);
    return ctx.validator.getValidatedNodeType(ctx.validate(query));
  }

  /** A view, or a table with computed columns read as a view over its stored columns. */
  private static final class View extends ViewTable implements ImplicitColumns {
    private final List<String> implicitColumns;

    View(RelProtoDataType rowType, String query, String name, List<String> implicitColumns) {
      super(Object.class, rowType, query, List.of(), List.of(name));
      this.implicitColumns = List.copyOf(implicitColumns);
    }

    @Override
    public List<String> implicitColumns() {
      return implicitColumns;
    }
  }

  /** One planning session: schema snapshot, validator and converter. */
  private final class Context implements RelOptTable.ViewExpander {
    final CalciteSchema schema = CalciteSchema.createRootSchema(false, false);
    final CalciteCatalogReader catalogReader;
    final SqlValidator validator;
    final RelOptCluster cluster;

    /** @param insertTarget the table an INSERT writes, seen with the columns it writes; else null */
    Context(String insertTarget) {
      for (String name : catalog.tableNames()) {
        TableDefinition t = catalog.table(name).orElseThrow();
        if (t.schema().columns().stream().anyMatch(c -> c.kind() == Column.Kind.COMPUTED)) {
          // a table with computed columns is read as a projection over its stored columns
          String stored = storedName(name);
          List<Column> implicit = implicitColumns(t);
          WeirTable storedTable = WeirTable.forReading(new TableDefinition(name, TableSchema.of(
              t.schema().columns().stream().filter(c -> c.kind() != Column.Kind.COMPUTED)
                  .toList()).withWatermark(t.schema()), t.options(), t.comment()), implicit);
          Column eventTime = t.schema().watermark() == null ? null
              : t.schema().column(t.schema().watermark().column()).orElseThrow();
          if (eventTime != null && eventTime.kind() == Column.Kind.COMPUTED) {
            // the source computes the event time itself, over the stored columns, for its watermark
            storedTable = storedTable.withEventTime(
                Suppliers.memoize(() -> expression(eventTime.expression(), stored)));
          }
          schema.add(stored, storedTable);
          StringBuilder sql = new StringBuilder("SELECT ");
          List<Column> columns = new ArrayList<>(t.schema().columns());
          columns.addAll(implicit);
          for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            sql.append(i > 0 ? ", " : "").append(c.kind() == Column.Kind.COMPUTED
                ? c.expression() : quote(c.name())).append(" AS ").append(quote(c.name()));
          }
          sql.append(" FROM ").append(quote(stored));
          schema.add(name, viewTable(new ViewDefinition(name, sql.toString(), List.of()),
              implicit.stream().map(Column::name).toList()));
        } else if (name.equals(insertTarget)) {
          schema.add(name, WeirTable.forWriting(t));
        } else {
          schema.add(name, WeirTable.forReading(t, implicitColumns(t)));
        }
      }
      for (String name : catalog.viewNames()) {
        schema.add(name, viewTable(catalog.view(name).orElseThrow(), List.of()));
      }
      for (var alias : DataType.ALIASES.entrySet()) {
        DataType t = DataType.of(alias.getValue());
        schema.add(alias.getKey(), f -> TypeMapping.toRel(t, f));
      }
      Properties props = new Properties();
      props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
      catalogReader = new CalciteCatalogReader(schema, List.of(), typeFactory, new CalciteConnectionConfigImpl(props));
      validator = new WeirValidator(
          SqlOperatorTables.chain(WeirFunctions.operatorTable(), userFunctions,
              catalogReader),
          catalogReader, typeFactory,
          SqlValidator.Config.DEFAULT.withConformance(WeirConformance.INSTANCE).withIdentifierExpansion(true)
              // as Flink: NULL is the smallest value (first in ascending order)
              .withDefaultNullCollation(NullCollation.LOW)
              // as Flink: no silent string-to-number coercion; write a CAST
              .withTypeCoercionEnabled(false));
      cluster = RelOptCluster.create(new HepPlanner(new HepProgramBuilder().build()), new RexBuilder(typeFactory));
    }

    private List<Column> implicitColumns(TableDefinition t) {
      String connector = t.options().get(TableOptions.CONNECTOR.key());
      return connector == null ? List.of()
          : TableValidator.implicitMetadataColumns(t.schema(), registry.connector(connector));
    }

    private static String quote(String identifier) {
      return "`" + identifier.replace("`", "``") + "`";
    }

    private static String storedName(String table) {
      return "__stored__" + table;
    }

    private ViewTable viewTable(ViewDefinition view, List<String> implicitColumns) {
      return new View(f -> viewRowType(view), view.query(), view.name(), implicitColumns);
    }

    private RelDataType viewRowType(ViewDefinition view) {
      RelDataType t = new SqlPlanner(catalog, userFunctions, registry).rowType(parseQuery(view.query()));
      if (view.columnNames().isEmpty()) {
        return t;
      }
      RelDataTypeFactory.Builder b = typeFactory.builder();
      List<RelDataTypeField> fields = t.getFieldList();
      for (int i = 0; i < fields.size(); i++) {
        b.add(view.columnNames().get(i), fields.get(i).getType());
      }
      return b.build();
    }

    SqlNode validate(SqlNode node) {
      try {
        return validator.validate(node);
      } catch (CalciteContextException e) {
        throw SqlErrors.validation(e);
      } catch (CalciteException e) {
        throw new ValidationException(e.getMessage(), e);
      }
    }

    /** {@code expression} over the columns of {@code table}, as a row expression over its scan. */
    private RexNode expression(String expression, String table) {
      RelNode rel = toRel(parseQuery("SELECT " + expression + " FROM " + quote(table))).rel;
      return ((Project) rel).getProjects().get(0);
    }

    RelRoot toRel(SqlNode statement) {
      return convert(validate(statement));
    }

    RelRoot convert(SqlNode validated) {
      SqlToRelConverter converter = new SqlToRelConverter(this, validator, catalogReader, cluster,
          StandardConvertletTable.INSTANCE,
          SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false)
              .withInSubQueryThreshold(Integer.MAX_VALUE));
      return converter.convertQuery(validated, false, true);
    }

    @Override
    public RelRoot expandView(RelDataType rowType, String queryString, List<String> schemaPath, List<String> viewPath) {
      SqlNode query = parseQuery(queryString);
      RelRoot root = toRel(query);
      return root;
    }
  }
}
