package dev.weir.sql.shell;

import dev.weir.engine.runtime.Job;
import dev.weir.engine.runtime.JobMetrics;
import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.Session;
import dev.weir.sql.session.SessionOptions;
import dev.weir.sql.session.SessionOptions.ResultMode;
import dev.weir.sql.session.StatementResult;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;

/** Runs statements for the shell and prints what they give back; INSERTs and queries stop when cancelled. */
final class StatementRunner {
  private final Session session;
  private final ResultPrinter printer;
  private final ResultMode forcedMode;

  /** @param forcedMode the result mode from the command line, or null to use the session's setting */
  StatementRunner(Session session, ResultPrinter printer, ResultMode forcedMode) {
    this.session = session;
    this.printer = printer;
    this.forcedMode = forcedMode;
  }

  void run(SqlNode statement, BooleanSupplier cancelled) throws Exception {
    if (statement instanceof SqlInsert insert && session.settings().get(SessionOptions.DML_SYNC)) {
      runInsert(insert, cancelled);
      return;
    }
    StatementResult result = session.execute(statement);
    if (result instanceof StatementResult.Message m) {
      printer.message(m.text());
    } else if (result instanceof StatementResult.Table t) {
      printer.table(t);
    } else if (result instanceof StatementResult.Query q) {
      try (QueryResult r = q.result()) {
        ResultMode mode = forcedMode != null ? forcedMode : session.settings().get(SessionOptions.RESULT_MODE);
        printer.query(r, mode, cancelled);
      }
    }
  }

  private void runInsert(SqlInsert insert, BooleanSupplier cancelled) throws Exception {
    try (Job job = session.startInsert(insert)) {
      while (!job.await(Duration.ofMillis(100))) {
        if (cancelled.getAsBoolean()) {
          job.cancel();
          printer.message("Pipeline '" + job.name() + "' cancelled after " + job.metrics().get(JobMetrics.ROWS_WRITTEN)
              + " rows.");
          return;
        }
      }
      printer.message(Session.insertSummary(job, insert));
    }
  }
}
