package dev.weir.sql.session;

import dev.weir.catalog.Catalog;
import dev.weir.catalog.FunctionDefinition;
import dev.weir.catalog.TableDefinition;
import dev.weir.catalog.ValidationException;
import dev.weir.catalog.ViewDefinition;
import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.catalog.connector.MetadataColumn;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.options.DescribedValue;
import dev.weir.catalog.options.DidYouMean;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.schema.WatermarkSpec;
import dev.weir.catalog.types.DataType;
import dev.weir.engine.checkpoint.CheckpointConfig;
import dev.weir.engine.runtime.Engine;
import dev.weir.engine.runtime.Job;
import dev.weir.engine.runtime.JobGraph;
import dev.weir.engine.runtime.JobMetrics;
import dev.weir.sql.functions.UserFunctions;
import dev.weir.sql.parser.nodes.SqlAddJar;
import dev.weir.sql.parser.nodes.SqlCreateFunction;
import dev.weir.sql.parser.nodes.SqlCreateTable;
import dev.weir.sql.parser.nodes.SqlCreateView;
import dev.weir.sql.parser.nodes.SqlDescribeConnector;
import dev.weir.sql.parser.nodes.SqlDescribeObject;
import dev.weir.sql.parser.nodes.SqlDropObject;
import dev.weir.sql.parser.nodes.SqlExplainQuery;
import dev.weir.sql.parser.nodes.SqlReset;
import dev.weir.sql.parser.nodes.SqlSet;
import dev.weir.sql.parser.nodes.SqlShow;
import dev.weir.sql.parser.nodes.SqlStopPipeline;
import dev.weir.sql.parser.nodes.SqlCreatePipeline;
import dev.weir.sql.parser.nodes.SqlTableColumn;
import dev.weir.sql.parser.nodes.SqlWatermark;
import dev.weir.sql.plan.SqlPlanner;
import dev.weir.sql.schema.TypeMapping;
import dev.weir.sql.translate.JobTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Executes statements against one catalog. Every statement is validated in full before it changes
 * anything, so a failed statement leaves the catalog as it was.
 */
public final class Session {
  private static final SqlDialect DIALECT = new SqlDialect(SqlDialect.EMPTY_CONTEXT
      .withDatabaseProduct(SqlDialect.DatabaseProduct.CALCITE).withIdentifierQuoteString("`")
      .withUnquotedCasing(Casing.UNCHANGED).withQuotedCasing(Casing.UNCHANGED).withCaseSensitive(true));

  private final Catalog catalog = new Catalog();
  private final ConnectorRegistry registry;
  private final Engine engine;
  private final SessionOptions settings = new SessionOptions();
  private Path stateDirectory = defaultStateDirectory();
  private final Pipelines pipelines = new Pipelines(this);
  /** The text of each parsed statement, as written: what a state directory remembers. */
  private final Map<SqlNode, String> sourceText = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  /** With an open state directory, the catalog's statements are appended here and replayed by the next process. */
  private Path catalogLog;
  private boolean replaying;
  private final UserFunctions functions = new UserFunctions();
  private int jobIds;

  public Session(Engine engine, ConnectorRegistry registry) {
    this.engine = engine;
    this.registry = registry;
  }

  public Catalog catalog() {
    return catalog;
  }

  public ConnectorRegistry registry() {
    return registry;
  }

  public SessionOptions settings() {
    return settings;
  }

  /** Parses a whole script first (so a syntax error runs nothing), then returns its statements. */
  public List<SqlNode> parse(String script) {
    List<SqlNode> statements = SqlPlanner.parseScript(script);
    for (SqlNode statement : statements) {
      sourceText.put(statement, SqlPlanner.textOf(script, statement.getParserPosition()));
      if (statement instanceof SqlCreatePipeline create) {
        sourceText.put(create.insert(), SqlPlanner.textOf(script, create.insert().getParserPosition()));
      }
    }
    return statements;
  }

  private String textOf(SqlNode statement) {
    String text = sourceText.get(statement);
    return text != null ? text : statement.toSqlString(DIALECT).getSql();
  }

  /**
   * Makes {@code directory} this session's state directory: the catalog's statements that ran
   * there before are replayed (and new ones recorded), and every pipeline that was running there
   * is resumed from its latest checkpoint. Returns what was done, for the shell to say.
   */
  public List<String> openStateDirectory(Path directory) throws Exception {
    setStateDirectory(directory);
    Files.createDirectories(directory);
    List<String> said = new ArrayList<>();
    catalogLog = directory.resolve("catalog.sql");
    if (Files.exists(catalogLog)) {
      replaying = true;
      try {
        for (SqlNode statement : parse(Files.readString(catalogLog))) {
          try {
            execute(statement);
          } catch (Exception e) {
            said.add("Warning: " + e.getMessage() + " (replaying " + catalogLog + ")");
          }
        }
      } catch (RuntimeException e) {
        said.add("Warning: " + catalogLog + " does not parse, so the catalog is empty: " + e.getMessage());
      } finally {
        replaying = false;
      }
    }
    for (String name : pipelines.open(directory, said)) {
      try {
        SqlInsert insert = (SqlInsert) parse(pipelines.statementOf(name)).get(0);
        Job job = pipelines.start(name, pipelines.statementOf(name), insert, pipelines.settingsOf(name));
        long from = job.checkpointStats().restoredFrom();
        job.checkpointStats().warnings().forEach(w -> said.add("Warning: " + w));
        said.add("Pipeline '" + name + "' resumed" + (from > 0 ? " from checkpoint " + from : " from its start") + ".");
      } catch (Pipelines.RunningElsewhere e) {
        said.add("Warning: " + e.getMessage());
      } catch (Exception e) {
        pipelines.failed(name, e.getMessage());
        said.add("Warning: pipeline '" + name + "' could not be resumed: " + e.getMessage());
      }
    }
    return said;
  }

  /** Stops this session's pipelines where they are (to be resumed). */
  public void close() {
    closePipelines();
  }

  /** The named pipelines of this session. */
  Pipelines pipelines() {
    return pipelines;
  }

  /** Waits until every named pipeline running here has ended. */
  public void awaitPipelines() throws InterruptedException {
    pipelines.awaitAll();
  }

  /** Stops the jobs of running pipelines where they are (they stay running in the state directory, to be resumed). */
  public void closePipelines() {
    pipelines.closeAll();
  }

  /** Records a statement that changed the catalog, for the next process on the state directory. */
  private StatementResult logged(SqlNode statement, long versionBefore, StatementResult result) throws IOException {
    if (catalogLog != null && !replaying && (catalog.version() != versionBefore || statement instanceof SqlAddJar)) {
      Files.writeString(catalogLog, textOf(statement).strip() + ";\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    return result;
  }

  public StatementResult execute(SqlNode statement) throws Exception {
    long version = catalog.version();
    if (statement instanceof SqlCreateTable create) {
      return logged(statement, version, createTable(create));
    }
    if (statement instanceof SqlCreateView create) {
      return logged(statement, version, createView(create));
    }
    if (statement instanceof SqlCreateFunction create) {
      return logged(statement, version, createFunction(create));
    }
    if (statement instanceof SqlAddJar add) {
      functions.addJar(add.path());
      return logged(statement, version, new StatementResult.Message("Added jar '" + add.path() + "'."));
    }
    if (statement instanceof SqlCreatePipeline create) {
      return createPipeline(create);
    }
    if (statement instanceof SqlStopPipeline stop && stop.start()) {
      return startAgain(simpleName(stop.name()));
    }
    if (statement instanceof SqlStopPipeline stop) {
      return new StatementResult.Message(pipelines.stop(simpleName(stop.name()), stop.savepoint()));
    }
    if (statement instanceof SqlDropObject drop && drop.kind() == SqlDropObject.Kind.PIPELINE) {
      return new StatementResult.Message(pipelines.drop(simpleName(drop.name()), drop.ifExists()));
    }
    if (statement instanceof SqlDropObject drop) {
      return logged(statement, version, drop(drop));
    }
    if (statement instanceof SqlShow show && show.kind() == SqlShow.Kind.PIPELINES) {
      return pipelines.show();
    }
    if (statement instanceof SqlShow show) {
      return show(show);
    }
    if (statement instanceof SqlDescribeObject describe) {
      return describeTable(simpleName(describe.name()));
    }
    if (statement instanceof SqlDescribeConnector describe) {
      return describeConnector(registry.connector(describe.connectorName()));
    }
    if (statement instanceof SqlSet set) {
      return set(set);
    }
    if (statement instanceof SqlReset reset) {
      if (reset.key() == null) {
        settings.resetAll();
        return new StatementResult.Message("All settings reset.");
      }
      settings.reset(reset.key());
      return new StatementResult.Message("Setting '" + reset.key() + "' reset.");
    }
    if (statement instanceof SqlExplainQuery explain) {
      return explain(explain.statement());
    }
    if (statement instanceof SqlInsert insert) {
      return insert(insert);
    }
    if (statement.getKind().belongsTo(SqlKind.QUERY)) {
      return new StatementResult.Query(query(statement));
    }
    throw new ValidationException("Statement " + statement.getKind() + " is not supported.");
  }

  private static String simpleName(SqlIdentifier id) {
    if (!id.isSimple()) {
      throw new ValidationException("Qualified name '" + id + "' at line " + id.getParserPosition().getLineNum()
          + ", column " + id.getParserPosition().getColumnNum() + ": catalogs and databases are not supported;"
          + " use a simple name.");
    }
    return id.getSimple();
  }

  // ---- DDL

  private StatementResult createTable(SqlCreateTable create) {
    String name = simpleName(create.name());
    if (create.ifNotExists() && catalog.exists(name)) {
      return new StatementResult.Message("Table '" + name + "' already exists; nothing done.");
    }
    List<Column> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    SqlWatermark watermarkNode = null;
    List<SqlTableColumn> computed = new ArrayList<>();
    for (SqlNode element : create.elements()) {
      if (element instanceof SqlTableColumn c && !c.isPrimaryKey() && c.expression() != null) {
        computed.add(c);
        columns.add(null); // typed below, once the stored columns are known
        continue;
      }
      if (element instanceof SqlWatermark w) {
        if (watermarkNode != null) {
          throw new ValidationException("Table '" + name + "' declares more than one WATERMARK.");
        }
        watermarkNode = w;
      } else if (element instanceof SqlTableColumn c && c.isPrimaryKey()) {
        for (SqlNode k : c.primaryKeyColumns()) {
          primaryKey.add(((SqlIdentifier) k).getSimple());
        }
      } else if (element instanceof SqlTableColumn c) {
        columns.add(column(name, c));
      }
    }
    typeComputedColumns(name, columns, computed);
    List<String> seen = new ArrayList<>();
    for (Column c : columns) {
      if (seen.contains(c.name())) {
        throw new ValidationException("Table '" + name + "' declares column '" + c.name() + "' twice.");
      }
      seen.add(c.name());
    }
    for (String k : primaryKey) {
      int i = seen.indexOf(k);
      if (i < 0) {
        throw new ValidationException("PRIMARY KEY column '" + k + "' is not a column of table '" + name + "'.");
      }
      Column c = columns.get(i);
      columns.set(i, new Column(c.name(), c.type().notNull(), c.kind(), c.metadataKey(), c.expression(), c.virtual(),
          c.comment()));
    }
    WatermarkSpec watermark = watermarkNode == null ? null : watermark(name, columns, watermarkNode);
    TableSchema schema = new TableSchema(columns, watermark, primaryKey);
    Map<String, String> options = options(create.options());
    TableValidator.validate(name, schema, options, registry);
    TableDefinition definition = new TableDefinition(name, schema, options, create.comment());
    if (catalog.table(name).filter(definition::equals).isPresent()) {
      // a kept catalog has it from an earlier run of the same script: running it again is no error
      return new StatementResult.Message("Table '" + name + "' already exists as defined; nothing done.");
    }
    catalog.createTable(definition, create.getReplace());
    return new StatementResult.Message("Table '" + name + "' created.");
  }

  /**
   * Types each computed column by validating its expression over the table's stored columns (which
   * is also what runs: the table is read as a projection over them).
   */
  private void typeComputedColumns(String table, List<Column> columns, List<SqlTableColumn> computed) {
    if (computed.isEmpty()) {
      return;
    }
    Catalog scratch = new Catalog();
    List<Column> stored = columns.stream().filter(Objects::nonNull).toList();
    scratch.createTable(new TableDefinition("t", TableSchema.of(stored), Map.of(), null), false);
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < computed.size(); i++) {
      select.append(i > 0 ? ", " : "").append(computed.get(i).expression().toSqlString(DIALECT).getSql());
    }
    RelDataType types = new SqlPlanner(scratch, functions, registry).rowType(SqlPlanner.parseQuery(select + " FROM `t`"));
    int k = 0;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i) == null) {
        SqlTableColumn c = computed.get(k);
        String expression = c.expression().toSqlString(DIALECT).getSql();
        Column column = Column.computed(c.name().getSimple(), TypeMapping.fromRel(types.getFieldList().get(k).getType()),
            expression);
        columns.set(i, c.comment() == null ? column : column.withComment(c.comment()));
        k++;
      }
    }
  }

  private Column column(String table, SqlTableColumn c) {
    String name = c.name().getSimple();
    DataType type = TypeMapping.fromSpec(c.type());
    Column column = c.isMetadata() ? Column.metadata(name, type, c.metadataKey(), c.isVirtual())
        : Column.physical(name, type);
    return c.comment() == null ? column : column.withComment(c.comment());
  }

  /** Accepts {@code WATERMARK FOR ts AS ts} and {@code ts - INTERVAL '5' SECOND}: bounded out-of-orderness. */
  private static WatermarkSpec watermark(String table, List<Column> columns, SqlWatermark w) {
    String column = w.column().getSimple();
    Column c = columns.stream().filter(x -> x.name().equals(column)).findFirst().orElseThrow(() ->
        new ValidationException("WATERMARK FOR '" + column + "': table '" + table + "' has no such column."));
    if (c.type().kind() != DataType.Kind.TIMESTAMP && c.type().kind() != DataType.Kind.TIMESTAMP_LTZ) {
      throw new ValidationException("WATERMARK FOR '" + column + "': the column must be a TIMESTAMP(3), not "
          + c.type().sql() + ".");
    }
    SqlNode e = w.expression();
    long delay;
    if (e instanceof SqlIdentifier id && id.getSimple().equals(column)) {
      delay = 0;
    } else if (e instanceof SqlBasicCall call && call.getKind() == SqlKind.MINUS
        && call.operand(0) instanceof SqlIdentifier id && id.getSimple().equals(column)
        && call.operand(1) instanceof SqlIntervalLiteral interval) {
      delay = SqlParserUtil.intervalToMillis((SqlIntervalLiteral.IntervalValue) interval.getValue());
    } else {
      throw new ValidationException("Unsupported watermark expression '" + e + "' at line "
          + e.getParserPosition().getLineNum() + ", column " + e.getParserPosition().getColumnNum()
          + ": write '" + column + "' or '" + column + " - INTERVAL ''5'' SECOND'.");
    }
    return new WatermarkSpec(column, e.toSqlString(DIALECT).getSql(), delay);
  }

  private static Map<String, String> options(SqlNodeList list) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      String key = optionText(list.get(i));
      if (options.put(key, optionText(list.get(i + 1))) != null) {
        throw new ValidationException("Option '" + key + "' is given twice (line "
            + list.get(i).getParserPosition().getLineNum() + ").");
      }
    }
    return options;
  }

  private static String optionText(SqlNode node) {
    if (node instanceof SqlIdentifier id) {
      return String.join(".", id.names);
    }
    return ((SqlLiteral) node).getValueAs(String.class);
  }

  private StatementResult createView(SqlCreateView create) {
    String name = simpleName(create.name());
    if (create.ifNotExists() && catalog.exists(name)) {
      return new StatementResult.Message("View '" + name + "' already exists; nothing done.");
    }
    RelDataType rowType = planner().rowType(create.query());
    if (!create.columnNames().isEmpty() && create.columnNames().size() != rowType.getFieldCount()) {
      throw new ValidationException("View '" + name + "' names " + create.columnNames().size()
          + " columns, but its query returns " + rowType.getFieldCount() + ".");
    }
    String sql = create.query().toSqlString(DIALECT).getSql();
    ViewDefinition definition = new ViewDefinition(name, sql, create.columnNames());
    if (catalog.view(name).filter(definition::equals).isPresent()) {
      return new StatementResult.Message("View '" + name + "' already exists as defined; nothing done.");
    }
    catalog.createView(definition, create.orReplace());
    return new StatementResult.Message("View '" + name + "' created.");
  }

  private StatementResult createFunction(SqlCreateFunction create) {
    String name = simpleName(create.name());
    if (create.ifNotExists() && catalog.function(name).isPresent()) {
      return new StatementResult.Message("Function '" + name + "' already exists; nothing done.");
    }
    FunctionDefinition definition = new FunctionDefinition(name, create.className());
    if (catalog.function(name).filter(definition::equals).isPresent()) {
      return new StatementResult.Message("Function '" + name + "' already exists as defined; nothing done.");
    }
    if (!create.getReplace() && catalog.function(name).isPresent()) {
      throw new ValidationException("Function '" + name + "' already exists. Use IF NOT EXISTS to ignore, or DROP it"
          + " first.");
    }
    functions.define(definition); // loads and checks the class before the catalog changes
    catalog.createFunction(definition, true);
    return new StatementResult.Message("Function '" + name + "' created.");
  }

  private StatementResult drop(SqlDropObject drop) {
    String name = simpleName(drop.name());
    if (drop.kind() == SqlDropObject.Kind.FUNCTION) {
      if (!catalog.dropFunction(name)) {
        if (drop.ifExists()) {
          return new StatementResult.Message("Function '" + name + "' does not exist; nothing done.");
        }
        throw new ValidationException("Function '" + name + "' does not exist.");
      }
      functions.drop(name);
      return new StatementResult.Message("Function '" + name + "' dropped.");
    }
    String what = drop.isView() ? "View" : "Table";
    boolean dropped = drop.isView() ? catalog.dropView(name) : catalog.dropTable(name);
    if (!dropped) {
      if (drop.ifExists()) {
        return new StatementResult.Message(what + " '" + name + "' does not exist; nothing done.");
      }
      boolean other = drop.isView() ? catalog.table(name).isPresent() : catalog.view(name).isPresent();
      throw new ValidationException(what + " '" + name + "' does not exist."
          + (other ? " '" + name + "' is a " + (drop.isView() ? "table" : "view") + "." : ""));
    }
    return new StatementResult.Message(what + " '" + name + "' dropped.");
  }

  // ---- SHOW, DESCRIBE, SET, EXPLAIN

  private StatementResult show(SqlShow show) {
    List<List<String>> rows = new ArrayList<>();
    switch (show.kind()) {
      case TABLES -> catalog.allNames().forEach(n -> rows.add(List.of(n)));
      case VIEWS -> catalog.viewNames().forEach(n -> rows.add(List.of(n)));
      case FUNCTIONS -> {
        for (FunctionDefinition f : catalog.functions()) {
          rows.add(List.of(f.name(), f.className()));
        }
        return new StatementResult.Table(null, List.of("function name", "class"), rows);
      }
      case CONNECTORS -> {
        for (ConnectorFactory f : registry.connectors()) {
          rows.add(List.of(f.name(), f.direction().sqlName(), f.description()));
        }
        return new StatementResult.Table(null, List.of("name", "direction", "description"), rows);
      }
    }
    String column = show.kind() == SqlShow.Kind.VIEWS ? "view name" : "table name";
    return new StatementResult.Table(null, List.of(column), rows);
  }

  private StatementResult describeTable(String name) {
    List<List<String>> rows = new ArrayList<>();
    if (catalog.table(name).isPresent()) {
      TableSchema schema = catalog.table(name).get().schema();
      for (Column c : schema.columns()) {
        String extras = switch (c.kind()) {
          case METADATA -> "METADATA FROM '" + c.metadataKey() + "'" + (c.virtual() ? " VIRTUAL" : "");
          case COMPUTED -> "AS " + c.expression();
          default -> "";
        };
        String watermark = schema.watermark() != null && schema.watermark().column().equals(c.name())
            ? schema.watermark().expression() : "";
        rows.add(List.of(c.name(), c.type().withNullable(true).sql(), String.valueOf(c.type().nullable()).toUpperCase(),
            schema.primaryKey().contains(c.name()) ? "PRI" : "", extras, watermark));
      }
      return new StatementResult.Table(null, List.of("name", "type", "null", "key", "extras", "watermark"), rows);
    }
    if (catalog.view(name).isPresent()) {
      RelDataType type = planner().rowType(
          SqlPlanner.parseQuery("SELECT * FROM `" + name.replace("`", "``") + "`"));
      for (RelDataTypeField f : type.getFieldList()) {
        DataType t = TypeMapping.fromRel(f.getType());
        rows.add(List.of(f.getName(), t.withNullable(true).sql(), String.valueOf(t.nullable()).toUpperCase(), "", "", ""));
      }
      return new StatementResult.Table(null, List.of("name", "type", "null", "key", "extras", "watermark"), rows);
    }
    throw new ValidationException("Table or view '" + name + "' does not exist."
        + DidYouMean.hint(name, catalog.allNames()));
  }

  /** The option table of a connector, with the format options it accepts. */
  StatementResult describeConnector(ConnectorFactory f) {
    List<List<String>> rows = new ArrayList<>();
    List<ConfigOption<?>> options = TableValidator.documentedOptions(f, registry.formats());
    for (ConfigOption<?> o : options) {
      String type = o.allowedValues().isEmpty() ? o.type().name()
          : o.allowedValues().stream().map(DescribedValue::sqlName).collect(Collectors.joining(" | "));
      String key = o.key() + (o.fallbackKeys().isEmpty() ? "" : " (or " + String.join(", ", o.fallbackKeys()) + ")");
      rows.add(List.of(key, type, o.isRequired() ? "yes" : "no", o.defaultText() == null ? "" : o.defaultText(),
          o.description()));
    }
    for (String prefix : f.passThroughPrefixes()) {
      rows.add(List.of(prefix + "*", "STRING", "no", "", "Passed through to the client library."));
    }
    for (MetadataColumn m : f.metadataColumns()) {
      rows.add(List.of(m.key(), m.type().withNullable(true).sql() + " (metadata)", "no", "",
          m.description() + (m.writable() ? " Writable." : " Read-only.")));
    }
    String title = "Connector '" + f.name() + "' (" + f.direction().sqlName() + ", version " + f.version() + "): "
        + f.description();
    return new StatementResult.Table(title, List.of("option", "type", "required", "default", "description"), rows);
  }

  private StatementResult set(SqlSet set) {
    if (set.key() == null) {
      List<List<String>> rows = new ArrayList<>();
      settings.all().forEach((k, v) -> rows.add(List.of(k, v == null ? "(not set)" : v)));
      return new StatementResult.Table(null, List.of("key", "value"), rows);
    }
    settings.set(set.key(), set.value());
    return new StatementResult.Message("Set '" + set.key() + "' = '" + set.value() + "'.");
  }

  private StatementResult explain(SqlNode statement) {
    SqlPlanner.Planned planned = planner().plan(statement);
    JobGraph graph = translator(planned).translate(planned.optimized(), "explain", !(statement instanceof SqlInsert));
    String text = "== Logical Plan ==\n" + RelOptUtil.toString(planned.logical())
        + "\n== Optimized Plan ==\n" + RelOptUtil.toString(planned.optimized())
        + "\n== Physical Plan ==\n" + graph.explain();
    return new StatementResult.Message(text.strip());
  }

  private SqlPlanner planner() {
    return new SqlPlanner(catalog, functions, registry);
  }

  private JobTranslator translator(SqlPlanner.Planned planned) {
    return translator(planned, settings);
  }

  private JobTranslator translator(SqlPlanner.Planned planned, SessionOptions settings) {
    return new JobTranslator(registry, planned.rexBuilder(), new JobTranslator.Settings(
        settings.get(SessionOptions.PARALLELISM), settings.get(SessionOptions.BATCH_SIZE),
        settings.get(SessionOptions.IDLE_TIMEOUT).toMillis(), settings.get(SessionOptions.STATE_TTL).toMillis()),
        functions.classLoader());
  }

  // ---- queries and pipelines

  /** Plans and starts a query; the caller reads and closes the result. */
  public QueryResult query(SqlNode query) throws Exception {
    SqlPlanner.Planned planned = planner().plan(query);
    JobTranslator translator = translator(planned);
    JobGraph graph = translator.translate(planned.optimized(), "query-" + (++jobIds), true);
    List<String> names = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    for (RelDataTypeField f : planned.rowType().getFieldList()) {
      names.add(f.getName());
      types.add(TypeMapping.fromRel(f.getType()));
    }
    Job job = engine.submit(graph);
    return new QueryResult(names, types, job.result(), translator.producesChangelog(planned.optimized()));
  }

  /**
   * Starts an INSERT's pipeline; the caller awaits and closes the job. With {@code
   * execution.checkpointing.interval} set it checkpoints, and a pipeline named by {@code
   * pipeline.name} resumes from its latest complete checkpoint.
   */
  public Job startInsert(SqlInsert insert) throws Exception {
    String pipeline = settings.get(SessionOptions.PIPELINE_NAME);
    if (pipeline == null) {
      return startInsert(insert, settings, null);
    }
    Job running = pipelines.runningWith(pipeline, textOf(insert));
    if (running != null) {
      return running; // resumed when the state directory was opened: this statement waits for it
    }
    return pipelines.start(pipeline, textOf(insert), insert, settings.explicit());
  }

  /** START PIPELINE: a stopped or failed pipeline runs again, from its latest checkpoint. */
  private StatementResult startAgain(String name) throws Exception {
    String statement = pipelines.statementOf(name);
    Job job = pipelines.start(name, statement, (SqlInsert) parse(statement).get(0), pipelines.settingsOf(name));
    long from = job.checkpointStats().restoredFrom();
    return new StatementResult.Message("Pipeline '" + name + "' started" + (from > 0 ? " from checkpoint " + from
        : " from its beginning") + ".");
  }

  private StatementResult createPipeline(SqlCreatePipeline create) throws Exception {
    if (create.getReplace()) {
      throw new ValidationException("CREATE OR REPLACE PIPELINE is not supported: DROP PIPELINE "
          + create.name() + " first (which deletes its checkpoints), or START PIPELINE it again.");
    }
    String name = simpleName(create.name());
    if (pipelines.isKnown(name)) {
      if (create.ifNotExists()) {
        return new StatementResult.Message("Pipeline '" + name + "' already exists; nothing done.");
      }
      throw new ValidationException("Pipeline '" + name + "' already exists. Use IF NOT EXISTS to ignore, or DROP"
          + " PIPELINE " + name + " first.");
    }
    Map<String, String> own = settings.explicit();
    SessionOptions check = new SessionOptions();
    options(create.settings()).forEach((key, value) -> {
      check.set(key, value); // validated as SET would, with the same messages
      own.put(SessionOptions.option(key).key(), value);
    });
    Job job = pipelines.start(name, textOf(create.insert()), create.insert(), own);
    long from = job.checkpointStats().restoredFrom();
    return new StatementResult.Message("Pipeline '" + name + "' started" + (from > 0 ? " (resumed from checkpoint "
        + from + ")" : "") + ".");
  }

  /** Starts an INSERT under these settings, as pipeline {@code pipeline} (null: unnamed). */
  Job startInsert(SqlInsert insert, SessionOptions settings, String pipeline) throws Exception {
    SqlPlanner.Planned planned = planner().plan(insert);
    checkInsertTypes(insert, planned);
    String target = insert.getTargetTable().toString();
    String name = pipeline != null ? pipeline : "insert-" + target + "-" + (++jobIds);
    JobGraph graph = translator(planned, settings).translate(planned.optimized(), name, false);
    CheckpointConfig checkpoints = checkpoints(settings, pipeline, name);
    Job job = engine.submit(graph, checkpoints);
    if (pipeline == null && checkpoints != null) {
      // an unnamed pipeline is never resumed: its checkpoints go when it has finished
      job.done().thenRun(() -> {
        try {
          dev.weir.engine.checkpoint.CheckpointStore.deleteRecursively(checkpoints.directory());
        } catch (IOException e) {
          // only tidying up
        }
      });
    }
    return job;
  }


  /** {@code ~/.weir}, the home directory as the environment says ($HOME), as shells do. */
  public static Path defaultStateDirectory() {
    return Path.of(System.getenv().getOrDefault("HOME", System.getProperty("user.home")), ".weir");
  }

  /** Where the state directory is: checkpoints of named pipelines live under it. */
  public void setStateDirectory(Path directory) {
    this.stateDirectory = directory;
  }

  public Path stateDirectory() {
    return stateDirectory;
  }

  /** Where pipeline {@code name}'s checkpoints go under these settings. */
  Path checkpointDirectory(SessionOptions settings, String name) {
    String dir = settings.get(SessionOptions.CHECKPOINT_DIR);
    return dir != null ? Path.of(dir).resolve(name) : stateDirectory.resolve("pipelines").resolve(name)
        .resolve("checkpoints");
  }

  /** How the next pipeline checkpoints, or null when it does not; an unnamed pipeline gets a directory of its own. */
  private CheckpointConfig checkpoints(SessionOptions settings, String pipeline, String jobName) {
    java.time.Duration interval = settings.get(SessionOptions.CHECKPOINT_INTERVAL);
    if (interval.isZero()) {
      return null;
    }
    String id = pipeline != null ? pipeline : jobName + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    return new CheckpointConfig(checkpointDirectory(settings, id), interval,
        settings.get(SessionOptions.CHECKPOINTS_RETAINED));
  }

  /**
   * Calcite assigns leniently (a string into an INT column); as Flink, Weir accepts only the same
   * kind of value, or a wider number, and asks for an explicit CAST otherwise.
   */
  private static void checkInsertTypes(SqlInsert insert, SqlPlanner.Planned planned) {
    if (!(planned.logical() instanceof TableModify modify) || planned.insertSourceType() == null) {
      return;
    }
    List<RelDataTypeField> source = planned.insertSourceType().getFieldList();
    List<RelDataTypeField> target = modify.getTable().getRowType().getFieldList();
    for (int i = 0; i < source.size() && i < target.size(); i++) {
      RelDataType from = source.get(i).getType();
      RelDataType to = target.get(i).getType();
      if (!assignable(from, to)) {
        throw new ValidationException("Type mismatch in INSERT INTO " + insert.getTargetTable() + ": column '"
            + target.get(i).getName() + "' is " + TypeMapping.fromRel(to).withNullable(true).sql()
            + ", but the query gives " + from.getFullTypeString().replace(" NOT NULL", "") + " (query column "
            + (i + 1) + ", '" + source.get(i).getName() + "'). Add an explicit CAST.");
      }
    }
  }

  private static boolean assignable(RelDataType from, RelDataType to) {
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    if (f == SqlTypeName.NULL || f == t) {
      return true;
    }
    var families = List.of(SqlTypeFamily.CHARACTER,
        SqlTypeFamily.BINARY, SqlTypeFamily.TIMESTAMP);
    for (var family : families) {
      if (family.contains(from) && family.contains(to)) {
        return true;
      }
    }
    if (SqlTypeUtil.isNumeric(from) && SqlTypeUtil.isNumeric(to)) {
      // widening only: an exact integer into a wider integer, a decimal or a float; anything into DOUBLE
      List<SqlTypeName> order = List.of(SqlTypeName.TINYINT,
          SqlTypeName.SMALLINT, SqlTypeName.INTEGER,
          SqlTypeName.BIGINT);
      if (order.contains(f) && order.contains(t)) {
        return order.indexOf(f) <= order.indexOf(t);
      }
      return t == SqlTypeName.DOUBLE || t == SqlTypeName.DECIMAL
          || (t == SqlTypeName.REAL && f != SqlTypeName.DOUBLE);
    }
    return false;
  }

  /** "Inserted 3 rows into 't'." with the count of skipped bad records, if any. */
  public static String insertSummary(Job job, SqlInsert insert) {
    long skipped = job.metrics().get(BadRecords.SKIPPED_COUNTER);
    long rows = job.metrics().get(JobMetrics.ROWS_WRITTEN);
    var checkpoints = job.checkpointStats();
    if (checkpoints != null && checkpoints.restoredFinished()) {
      return "Pipeline '" + job.name() + "' had already finished (checkpoint " + checkpoints.restoredFrom()
          + "): nothing to do. DROP PIPELINE " + job.name() + " to run it again.";
    }
    String resumed = checkpoints != null && checkpoints.restoredFrom() > 0
        ? " (pipeline '" + job.name() + "' resumed from checkpoint " + checkpoints.restoredFrom() + ")" : "";
    return "Inserted " + rows + (rows == 1 ? " row" : " rows") + " into '" + insert.getTargetTable() + "'"
        + (skipped > 0 ? " (" + skipped + " bad records skipped)" : "") + resumed + ".";
  }

  private StatementResult insert(SqlInsert insert) throws Exception {
    Job job = startInsert(insert);
    if (!settings.get(SessionOptions.DML_SYNC)) {
      return new StatementResult.Message("Pipeline '" + job.name() + "' started.");
    }
    try (job) {
      job.await();
      return new StatementResult.Message(insertSummary(job, insert));
    }
  }
}
