package dev.weir.sql.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.catalog.WeirException;
import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.options.JsonSchemas;
import dev.weir.engine.runtime.Engine;
import dev.weir.sql.session.Session;
import dev.weir.sql.session.SessionOptions.ResultMode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.calcite.sql.SqlNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/weir}: the SQL shell, script runner, and tools. */
@Command(name = "weir", mixinStandardHelpOptions = true, version = "Weir 0.1.0",
    description = "Streaming SQL over Arrow. Without -f or -e, opens the interactive shell.",
    subcommands = {WeirCli.Connectors.class, WeirCli.Docs.class})
public final class WeirCli implements Callable<Integer> {
  @Option(names = "-f", paramLabel = "FILE", description = "Run the statements in FILE, then exit.")
  Path file;

  @Option(names = "-e", paramLabel = "SQL", description = "Run these statements (separated by ';'), then exit.")
  String statements;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "How query results are written: table, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--result-mode", paramLabel = "MODE",
      description = "table (the final result, printed when the query ends), changelog (every change with its kind),"
          + " or tableau (rows as they arrive). Default: table for -f/-e, tableau in the shell.")
  ResultMode resultMode;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the catalog and named pipelines are kept (default: ~/.weir): tables, views and"
          + " functions created there are there again next time, and pipelines that were running resume from"
          + " their latest checkpoint.")
  Path stateDir;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new WeirCli());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }

  @Override
  public Integer call() throws Exception {
    try (Engine engine = new Engine()) {
      Session session = new Session(engine, ConnectorRegistry.load());
      try {
        for (String said : session.openStateDirectory(stateDir != null ? stateDir : Session.defaultStateDirectory())) {
          System.err.println(said);
        }
        if (file == null && statements == null) {
          return new InteractiveShell(session, output, resultMode).run();
        }
        return runScript(session);
      } finally {
        session.close(); // its pipelines stay running in the state directory, to be resumed
      }
    }
  }

  private int runScript(Session session) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    // messages go to stderr when stdout carries data (csv, json)
    PrintWriter messages = output == OutputFormat.TABLE ? out : new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    StatementRunner runner = new StatementRunner(session, new ResultPrinter(out, messages, output),
        resultMode == null ? ResultMode.TABLE : resultMode);
    try {
      List<String> scripts = new ArrayList<>();
      if (file != null) {
        try {
          scripts.add(Files.readString(file));
        } catch (NoSuchFileException e) {
          throw new WeirException("No such file: " + file);
        }
      }
      if (statements != null) {
        scripts.add(statements);
      }
      for (String script : scripts) {
        for (SqlNode statement : session.parse(script)) {
          runner.run(statement, () -> false);
        }
      }
      session.awaitPipelines(); // as Flink's table.dml-sync: a script ends when its pipelines have
      out.flush();
      return 0;
    } catch (WeirException e) {
      out.flush();
      System.err.println("ERROR: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      out.flush();
      System.err.println("ERROR: " + describe(e));
      return 1;
    }
  }

  /** One line for an unexpected exception: its message, or its class when it has none. */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** {@code weir docs}: the connector reference in Markdown (docs/connectors.md). */
  @Command(name = "docs", mixinStandardHelpOptions = true,
      description = "Print the connector and format reference (Markdown) generated from the declarations.")
  static final class Docs implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.print(ConnectorDocs.markdown(ConnectorRegistry.load()));
      return 0;
    }
  }

  /** {@code weir connectors [--json]}: every connector with its options. */
  @Command(name = "connectors", mixinStandardHelpOptions = true,
      description = "List connectors; with --json, each with a JSON Schema (draft-07) of its options.")
  static final class Connectors implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON: [{name, direction, description, version, schema}].")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ConnectorRegistry registry = ConnectorRegistry.load();
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      if (json) {
        ArrayNode all = mapper.createArrayNode();
        for (ConnectorFactory f : registry.connectors()) {
          ObjectNode c = all.addObject();
          c.put("name", f.name());
          c.put("direction", f.direction().sqlName());
          c.put("description", f.description());
          c.put("version", f.version());
          c.set("schema", JsonSchemas.of("Options of connector '" + f.name() + "'",
              TableValidator.documentedOptions(f, registry.formats()), f.passThroughPrefixes()));
        }
        System.out.println(mapper.writeValueAsString(all));
      } else {
        for (ConnectorFactory f : registry.connectors()) {
          System.out.printf("%-12s %-7s %s%n", f.name(), f.direction().sqlName(), f.description());
        }
      }
      return 0;
    }
  }
}
