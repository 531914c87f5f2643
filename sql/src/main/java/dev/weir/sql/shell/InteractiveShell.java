package dev.weir.sql.shell;

import dev.weir.catalog.TableDefinition;
import dev.weir.catalog.WeirException;
import dev.weir.catalog.schema.Column;
import dev.weir.sql.session.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.sql.SqlNode;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Signals;

/** The interactive shell: statements end with ';', Ctrl-C cancels the running statement, Ctrl-D or QUIT leaves. */
final class InteractiveShell {
  static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "AS", "AND", "OR", "NOT", "NULL", "IS",
      "IN", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "COALESCE", "UNION", "ALL", "ORDER",
      "BY", "LIMIT", "ASC", "DESC", "INSERT", "INTO", "CREATE", "TABLE", "VIEW", "DROP", "IF", "EXISTS", "WITH",
      "WATERMARK", "FOR", "INTERVAL", "PRIMARY", "KEY", "ENFORCED", "SHOW", "TABLES", "VIEWS", "CONNECTORS",
      "DESCRIBE", "CONNECTOR", "EXPLAIN", "SET", "RESET", "HELP", "QUIT", "BIGINT", "INT", "STRING", "DOUBLE",
      "BOOLEAN", "TIMESTAMP", "DECIMAL", "BYTES", "UPPER", "LOWER", "SUBSTRING", "CHAR_LENGTH", "TRIM", "CONCAT",
      "REGEXP_EXTRACT", "SPLIT_INDEX", "EXTRACT", "DATE_FORMAT", "CURRENT_TIMESTAMP", "PIPELINE", "PIPELINES",
      "STOP", "START", "SAVEPOINT");

  private static final String HELP = """
      Statements end with ';'. Ctrl-C cancels a running query; Ctrl-D or QUIT leaves.
        CREATE TABLE t (col TYPE, ..., WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = '...', ...);
        CREATE VIEW v AS SELECT ...;          DROP TABLE|VIEW [IF EXISTS] name;
        SELECT ... FROM t WHERE ...;          INSERT INTO sink SELECT ...;
        SHOW TABLES | VIEWS | CONNECTORS;     DESCRIBE t;   DESCRIBE CONNECTOR name;
        EXPLAIN SELECT ...;                   SET 'key' = 'value';   SET;   RESET;
        ADD JAR '/path/udfs.jar';             CREATE FUNCTION f AS 'com.example.F';   DROP FUNCTION f;   SHOW FUNCTIONS;
        CREATE PIPELINE p AS INSERT ...;      SHOW PIPELINES;   STOP PIPELINE p [WITH SAVEPOINT];   START PIPELINE p;
        DROP PIPELINE p;                      (bin/weir --state-dir DIR keeps them, and resumes them after a crash)
      Settings: parallelism.default, execution.batch-size, sql-client.execution.result-mode (table|changelog|tableau),
      table.dml-sync, table.exec.source.idle-timeout, table.exec.state.ttl, execution.checkpointing.interval,
      execution.checkpointing.dir, execution.checkpointing.num-retained, pipeline.name.""";

  private final Session session;
  private final OutputFormat format;
  private final dev.weir.sql.session.SessionOptions.ResultMode mode;

  InteractiveShell(Session session, OutputFormat format, dev.weir.sql.session.SessionOptions.ResultMode mode) {
    this.session = session;
    this.format = format;
    this.mode = mode;
  }

  int run() throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("weir")
          .parser(new StatementParser())
          .completer(completer())
          .variable(LineReader.HISTORY_FILE, Session.defaultStateDirectory().resolveSibling(".weir_history"))
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, "    -> ")
          .build();
      PrintWriter out = terminal.writer();
      out.println("Weir 0.1.0 — streaming SQL. Type HELP; for help, QUIT; to leave.");
      out.flush();
      StatementRunner runner = new StatementRunner(session, new ResultPrinter(out, out, format), mode);
      while (true) {
        String line;
        try {
          line = reader.readLine("weir> ");
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          reader.getHistory().save();
          return 0;
        }
        String command = line.trim().replaceAll(";+$", "").trim().toUpperCase(Locale.ROOT);
        if (command.isEmpty()) {
          continue;
        }
        if (command.equals("QUIT") || command.equals("EXIT")) {
          reader.getHistory().save();
          return 0;
        }
        if (command.equals("HELP")) {
          out.println(HELP);
          out.flush();
          continue;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> cancelled.set(true));
        // also catch the OS signal itself, for terminals JLine does not drive (input from a pipe)
        Object previousNative = Signals.register("INT", () -> cancelled.set(true));
        try {
          for (SqlNode statement : session.parse(line)) {
            if (cancelled.get()) {
              break;
            }
            runner.run(statement, cancelled::get);
          }
        } catch (WeirException e) {
          out.println("ERROR: " + e.getMessage());
        } catch (Exception e) {
          out.println("ERROR: " + WeirCli.describe(e));
        } finally {
          Signals.unregister("INT", previousNative);
          terminal.handle(Terminal.Signal.INT, previous);
        }
        out.flush();
      }
    }
  }

  private Completer completer() {
    return (reader, line, candidates) -> {
      for (String k : KEYWORDS) {
        candidates.add(new Candidate(k));
      }
      for (String name : session.catalog().allNames()) {
        candidates.add(new Candidate(name));
      }
      for (String name : session.catalog().tableNames()) {
        TableDefinition t = session.catalog().table(name).orElse(null);
        if (t != null) {
          for (Column c : t.schema().columns()) {
            candidates.add(new Candidate(c.name()));
          }
        }
      }
    };
  }

  /**
   * Asks for more lines until the statement ends with ';' (outside quotes and comments). A
   * backslash is an ordinary character, as in SQL: JLine would otherwise take it for an escape and
   * drop it ({@code '\d+'} would reach the query as {@code 'd+'}).
   */
  static final class StatementParser extends DefaultParser {
    StatementParser() {
      setEscapeChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !isComplete(line)) {
        throw new EOFError(-1, -1, "statement continues");
      }
      return super.parse(line, cursor, context);
    }

    static boolean isComplete(String text) {
      String t = text.trim();
      if (t.isEmpty()) {
        return true;
      }
      String word = t.replaceAll(";+$", "").trim().toUpperCase(Locale.ROOT);
      if (word.equals("HELP") || word.equals("QUIT") || word.equals("EXIT")) {
        return true;
      }
      char quote = 0;
      boolean lineComment = false;
      boolean blockComment = false;
      char last = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        if (lineComment) {
          lineComment = c != '\n';
        } else if (blockComment) {
          if (c == '*' && next == '/') {
            blockComment = false;
            i++;
          }
        } else if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"' || c == '`') {
          quote = c;
        } else if (c == '-' && next == '-') {
          lineComment = true;
        } else if (c == '/' && next == '*') {
          blockComment = true;
        } else if (!Character.isWhitespace(c)) {
          last = c;
        }
      }
      return quote == 0 && !blockComment && last == ';';
    }
  }
}
