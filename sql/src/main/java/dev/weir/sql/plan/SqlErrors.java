package dev.weir.sql.plan;

import dev.weir.catalog.ValidationException;
import dev.weir.sql.parser.impl.ParseException;
import dev.weir.sql.parser.impl.Token;
import java.util.Collection;
import java.util.List;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Turns Calcite's parse and validation errors into one line naming the line, the column and the token. */
public final class SqlErrors {
  private SqlErrors() {}

  /** The word starting at {@code pos} in {@code sql}, or null. */
  private static String wordAt(String sql, SqlParserPos pos) {
    if (sql == null || pos == null || pos.getLineNum() < 1) {
      return null;
    }
    List<String> lines = sql.lines().toList();
    if (pos.getLineNum() > lines.size()) {
      return null;
    }
    String line = lines.get(pos.getLineNum() - 1);
    int start = pos.getColumnNum() - 1;
    int end = start;
    while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
      end++;
    }
    return start >= 0 && end > start ? line.substring(start, end) : null;
  }

  public static ValidationException parse(SqlParseException e, String sql) {
    SqlParserPos pos = e.getPos();
    String found = null;
    if (e.getCause() instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null) {
      Token t = pe.currentToken.next;
      found = t.kind == 0 ? "end of input" : "'" + t.image + "'";
      pos = new SqlParserPos(t.beginLine, t.beginColumn);
    }
    StringBuilder m = new StringBuilder("SQL parse error at line ").append(pos == null ? 0 : pos.getLineNum())
        .append(", column ").append(pos == null ? 0 : pos.getColumnNum()).append(": ");
    if (found != null) {
      m.append("unexpected ").append(found);
      Collection<String> expected = e.getExpectedTokenNames();
      if (expected != null && !expected.isEmpty() && expected.size() <= 12) {
        List<String> names = expected.stream().map(x -> x.replace("\"", "")).sorted().toList();
        m.append("; expected one of: ").append(String.join(", ", names));
      }
    } else {
      String msg = e.getMessage() == null ? "" : e.getMessage();
      int nl = msg.indexOf('\n');
      String first = nl > 0 ? msg.substring(0, nl) : msg;
      String word = wordAt(sql, pos);
      if (word != null) {
        m.append("unexpected '").append(word).append("'");
        if (!first.startsWith("Incorrect syntax near")) {
          m.append(": ").append(first);
        }
      } else {
        m.append(first);
      }
    }
    return new ValidationException(m.toString(), e);
  }

  public static ValidationException validation(CalciteContextException e) {
    String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
    return new ValidationException("SQL error at line " + e.getPosLine() + ", column " + e.getPosColumn() + ": " + cause, e);
  }
}
