package dev.weir.sql.session;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.engine.runtime.Engine;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * Weir embedded in a Java program: an engine and a session in-process.
 *
 * <pre>{@code
 * try (Weir weir = Weir.create()) {
 *   weir.execute("CREATE TABLE t (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = 'in.json', 'format' = 'json')");
 *   try (QueryResult result = weir.query("SELECT name FROM t WHERE id > 10")) {
 *     for (Row row : result) { System.out.println(row.get(0)); }
 *   }
 * }
 * }</pre>
 */
public final class Weir implements AutoCloseable {
  private final Engine engine;
  private final Session session;

  private Weir(int threads) {
    this.engine = new Engine(threads);
    this.session = new Session(engine, ConnectorRegistry.load());
  }

  /** An engine with one worker thread per core. */
  public static Weir create() {
    return new Weir(Runtime.getRuntime().availableProcessors());
  }

  public static Weir create(int threads) {
    return new Weir(threads);
  }

  public Session session() {
    return session;
  }

  public Engine engine() {
    return engine;
  }

  /**
   * Runs a script of statements separated by semicolons, in order, and returns their results. A
   * query's result is returned open: close it. Nothing runs if the script does not parse.
   */
  public List<StatementResult> executeScript(String sql) throws Exception {
    List<StatementResult> results = new ArrayList<>();
    for (SqlNode statement : session.parse(sql)) {
      results.add(session.execute(statement));
    }
    return results;
  }

  /** Runs one statement. */
  public StatementResult execute(String sql) throws Exception {
    List<SqlNode> statements = session.parse(sql);
    if (statements.size() != 1) {
      throw new ValidationException("Expected one statement but found " + statements.size() + ".");
    }
    return session.execute(statements.get(0));
  }

  /** Starts a query; read its rows or batches, then close it. */
  public QueryResult query(String sql) throws Exception {
    StatementResult r = execute(sql);
    if (r instanceof StatementResult.Query q) {
      return q.result();
    }
    throw new ValidationException("Not a query: " + sql);
  }

  /** Ends the session (its named pipelines stay running in a state directory, to be resumed) and the engine. */
  @Override
  public void close() {
    session.close();
    engine.close();
  }
}
