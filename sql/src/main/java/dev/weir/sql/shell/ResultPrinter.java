package dev.weir.sql.shell;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.schema.RowKind;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import dev.weir.engine.operator.aggregate.HashAggregateOperator;
import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.SessionOptions.ResultMode;
import dev.weir.sql.session.StatementResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;

/** Writes statement results: messages, small tables, and query results in the chosen format and mode. */
final class ResultPrinter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_STREAMING_WIDTH = 40;

  private final PrintWriter out;
  private final PrintWriter messages;
  private final OutputFormat format;

  /**
   * @param out where results go
   * @param messages where messages go ("Table 't' created."): stdout beside tables, stderr beside CSV or JSON data
   */
  ResultPrinter(PrintWriter out, PrintWriter messages, OutputFormat format) {
    this.out = out;
    this.messages = messages;
    this.format = format;
  }

  void message(String text) {
    messages.println(text);
    messages.flush();
  }

  void table(StatementResult.Table t) {
    if (t.title() != null) {
      out.println(t.title());
    }
    printRows(t.columns(), t.rows(), format);
    out.flush();
  }

  /**
   * Prints a query's rows until it ends or {@code cancelled} says stop. Returns the number of rows.
   */
  long query(QueryResult result, ResultMode mode, BooleanSupplier cancelled) throws InterruptedException {
    // the op column: always in changelog mode, and in tableau mode when the result updates (as Flink's client)
    boolean changelog = mode == ResultMode.CHANGELOG || mode == ResultMode.TABLEAU && result.isChangelog();
    List<String> columns = new ArrayList<>(result.columnNames());
    List<DataType> types = new ArrayList<>(result.columnTypes());
    if (changelog) {
      columns.add(0, "op");
      types.add(0, DataType.varchar());
    }
    // the final table: printed when the query ends; an updating result's changes are applied first,
    // whatever the output format, so that CSV and JSON show the result, not its retractions
    boolean materialize = mode == ResultMode.TABLE && (format == OutputFormat.TABLE || result.isChangelog());
    List<List<String>> held = new ArrayList<>();
    int[] widths = format == OutputFormat.TABLE && !materialize ? streamingWidths(columns, types) : null;
    if (widths != null && changelog) {
      widths[0] = 2; // +I, -U, +U, -D
    }
    if (widths != null) {
      border(widths);
      line(columns, widths);
      border(widths);
    } else if (format == OutputFormat.CSV && !materialize) {
      out.println(csvLine(columns));
    }
    out.flush();
    long count = 0;
    while (!cancelled.getAsBoolean()) {
      VectorSchemaRoot batch = result.pollBatch(100, TimeUnit.MILLISECONDS);
      if (batch == null) {
        if (result.isFinished()) {
          break;
        }
        continue;
      }
      try (batch) {
        List<FieldVector> vectors = QueryResult.dataVectors(batch);
        for (int r = 0; r < batch.getRowCount(); r++) {
          RowKind kind = QueryResult.kind(batch, r);
          List<String> row = new ArrayList<>(columns.size());
          if (changelog) {
            row.add(kind.shortString());
          }
          for (FieldVector v : vectors) {
            // JSON shows a ROW as a nested object; the other formats as its text, (1, Peter Jones, ...)
            row.add(format == OutputFormat.JSON && v instanceof StructVector struct && !v.isNull(r)
                ? jsonObject(struct, r) : Values.text(v, r));
          }
          count++;
          if (materialize) {
            apply(held, row, kind);
          } else if (widths != null) {
            line(row, widths);
          } else if (format == OutputFormat.CSV) {
            out.println(csvLine(row));
          } else {
            out.println(jsonLine(columns, row, types));
          }
        }
      }
      out.flush();
    }
    if (materialize) {
      printRows(columns, held, format, types);
      count = held.size();
    } else if (widths != null) {
      border(widths);
    }
    long skipped = result.job().metrics().get(BadRecords.SKIPPED_COUNTER);
    long late = result.job().metrics().get(HashAggregateOperator.LATE_ROWS);
    String notes = (skipped > 0 ? " (" + skipped + " bad records skipped)" : "")
        + (late > 0 ? " (" + late + " late rows dropped)" : "");
    if (format == OutputFormat.TABLE) {
      out.println(count + (count == 1 ? " row" : " rows") + " in set" + (cancelled.getAsBoolean() ? " (cancelled)" : "")
          + notes);
    } else if (!notes.isEmpty()) {
      messages.println(notes.trim());
    }
    out.flush();
    return count;
  }

  private void printRows(List<String> columns, List<List<String>> rows, OutputFormat f) {
    printRows(columns, rows, f, null);
  }

  /** @param types the columns' types, so that JSON keeps numbers and booleans as such; or null */
  private void printRows(List<String> columns, List<List<String>> rows, OutputFormat f, List<DataType> types) {
    switch (f) {
      case CSV -> {
        out.println(csvLine(columns));
        rows.forEach(r -> out.println(csvLine(r)));
      }
      case JSON -> {
        for (List<String> r : rows) {
          out.println(jsonLine(columns, r, types));
        }
      }
      default -> {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
          widths[c] = columns.get(c).length();
          for (List<String> r : rows) {
            widths[c] = Math.max(widths[c], display(r.get(c)).length());
          }
        }
        border(widths);
        line(columns, widths);
        border(widths);
        rows.forEach(r -> line(r, widths));
        border(widths);
      }
    }
  }

  private static int[] streamingWidths(List<String> columns, List<DataType> types) {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      int typeWidth = switch (types.get(c).kind()) {
        case BOOLEAN -> 5;
        case TINYINT -> 4;
        case SMALLINT -> 6;
        case INTEGER -> 11;
        case BIGINT -> 20;
        case DATE -> 10;
        case TIME -> 12;
        case TIMESTAMP, TIMESTAMP_LTZ -> 23;
        case DECIMAL -> Math.min(types.get(c).precision() + 2, MAX_STREAMING_WIDTH);
        default -> 20;
      };
      widths[c] = Math.max(columns.get(c).length(), typeWidth);
    }
    return widths;
  }

  private static String display(String value) {
    return value == null ? "NULL" : value;
  }

  private void border(int[] widths) {
    StringBuilder b = new StringBuilder("+");
    for (int w : widths) {
      b.append("-".repeat(w + 2)).append('+');
    }
    out.println(b);
  }

  private void line(List<String> values, int[] widths) {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < widths.length; c++) {
      String v = display(values.get(c));
      if (v.length() > widths[c]) {
        v = v.substring(0, widths[c] - 3) + "...";
      }
      b.append(' ').append(v).append(" ".repeat(widths[c] - v.length())).append(" |");
    }
    out.println(b);
  }

  private static String csvLine(List<String> values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = values.get(i);
      if (v == null) {
        continue;
      }
      if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.isEmpty()) {
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        b.append(v);
      }
    }
    return b.toString();
  }

  /** Applies a change to a materialized result: +I and +U add the row, -U and -D remove one equal row. */
  private static void apply(List<List<String>> held, List<String> row, RowKind kind) {
    if (kind.isAccumulate()) {
      held.add(row);
    } else {
      held.remove(row);
    }
  }

  /** A ROW value as a JSON object: fields by name, numbers and booleans as such, other values as their text. */
  private static String jsonObject(StructVector struct, int row) {
    StringWriter s = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(s)) {
      writeObject(g, struct, row);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return s.toString();
  }

  private static void writeObject(JsonGenerator g, StructVector struct, int row) throws IOException {
    g.writeStartObject();
    for (FieldVector field : struct.getChildrenFromFields()) {
      g.writeFieldName(field.getName());
      DataType.Kind kind = DataType.fromArrow(field.getField()).kind();
      if (field.isNull(row)) {
        g.writeNull();
      } else if (field instanceof StructVector inner) {
        writeObject(g, inner, row);
      } else if (kind == DataType.Kind.BOOLEAN) {
        g.writeBoolean(Boolean.parseBoolean(Values.text(field, row)));
      } else if (kind.isNumeric()) {
        g.writeNumber(Values.text(field, row));
      } else {
        g.writeString(Values.text(field, row));
      }
    }
    g.writeEndObject();
  }

  /** A JSON object of text values, numbers and booleans typed by {@code types} when given. */
  private static String jsonLine(List<String> columns, List<String> values, List<DataType> types) {
    StringWriter s = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(s)) {
      g.writeStartObject();
      for (int c = 0; c < columns.size(); c++) {
        g.writeFieldName(columns.get(c));
        String v = values.get(c);
        DataType.Kind kind = types == null ? null : types.get(c).kind();
        if (v == null) {
          g.writeNull();
        } else if (kind == DataType.Kind.ROW) {
          g.writeRawValue(v);
        } else if (kind == DataType.Kind.BOOLEAN) {
          g.writeBoolean(Boolean.parseBoolean(v));
        } else if (kind != null && kind.isNumeric()) {
          g.writeNumber(v);
        } else {
          g.writeString(v);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return s.toString();
  }
}
