package dev.weir.sql.plan;

import dev.weir.catalog.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Flink's group windows {@code GROUP BY k, HOP(ts, slide, size)} and {@code GROUP BY k,
 * SESSION(ts, gap)}, rewritten before validation into the window table function they mean:
 *
 * <pre>
 * SELECT k, SESSION_START(ts, gap), SESSION_END(ts, gap), COUNT(*) FROM t GROUP BY k, SESSION(ts, gap)
 * SELECT k, window_start, window_end, COUNT(*)
 *   FROM TABLE(SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k), gap)) GROUP BY k, window_start, window_end
 * </pre>
 *
 * A row falls in several hopping windows, and a session's end depends on later rows, so neither is
 * a function of the row as Calcite plans group windows; as a table function each is a window like
 * any other. ({@code GROUP BY TUMBLE(...)} needs no rewrite: a row's tumbling window is a function
 * of its time.) {@code *_START}, {@code *_END} and {@code *_ROWTIME} become {@code window_start},
 * {@code window_end} and {@code window_time}.
 */
final class GroupWindows {
  private GroupWindows() {}

  static void rewrite(SqlSelect select) {
    SqlNodeList groupBy = select.getGroup();
    if (groupBy == null) {
      return;
    }
    SqlCall window = null;
    List<SqlNode> keys = new ArrayList<>();
    for (SqlNode item : groupBy) {
      // the parser reads GROUP BY HOP(...) and SESSION(...) as the group functions $HOP and $SESSION
      if (item instanceof SqlCall call && (call.getKind() == SqlKind.HOP || call.getKind() == SqlKind.SESSION)
          && !(call.operand(0) instanceof SqlCall)) {
        window = call;
      } else {
        keys.add(item);
      }
    }
    if (window == null) {
      rewriteTumbleRowtime(select);
      return;
    }
    String kind = window.getKind().name();
    SqlParserPos pos = window.getParserPosition();
    SqlNode from = select.getFrom();
    SqlNode table = from;
    SqlIdentifier alias = null;
    if (from != null && from.getKind() == SqlKind.AS) {
      table = ((SqlCall) from).operand(0);
      alias = ((SqlCall) from).operand(1);
    }
    if (!(table instanceof SqlIdentifier) && !(table instanceof SqlSelect)) {
      throw new ValidationException("GROUP BY " + kind + "(...) needs a single table or subquery in FROM; use the"
          + " window table function TABLE(" + kind + "(TABLE t, ...)) over a join.");
    }
    if (!(window.operand(0) instanceof SqlIdentifier time)) {
      throw new ValidationException(kind + "(...) in GROUP BY needs a time column as its first argument.");
    }
    List<SqlNode> operands = new ArrayList<>();
    operands.add(table instanceof SqlIdentifier name ? columnsRead(select, name, time) : table);
    operands.add(descriptor(List.of(time), pos));
    if (kind.equals("SESSION")) {
      for (SqlNode key : keys) {
        if (!(key instanceof SqlIdentifier)) {
          throw new ValidationException("GROUP BY SESSION(...) with the expression " + key + " as a key is not"
              + " supported: sessions are per column values; compute the key in a subquery.");
        }
      }
      if (!keys.isEmpty()) {
        operands.add(descriptor(keys, pos));
      }
      operands.add(window.operand(1));
    } else { // HOP(ts, slide, size) has the table function's operands
      operands.add(window.operand(1));
      operands.add(window.operand(2));
    }
    SqlNode function = SqlStdOperatorTable.COLLECTION_TABLE.createCall(pos,
        new SqlBasicCall(window.getKind() == SqlKind.HOP ? dev.weir.sql.functions.WindowFunctions.HOP : dev.weir.sql.functions.WindowFunctions.SESSION,
            operands, pos));
    select.setFrom(alias == null ? function : SqlStdOperatorTable.AS.createCall(from.getParserPosition(), function,
        alias));
    SqlIdentifier qualifier = alias;
    List<SqlNode> newGroup = new ArrayList<>(keys);
    newGroup.add(column(qualifier, "window_start", pos));
    newGroup.add(column(qualifier, "window_end", pos));
    select.setGroupBy(new SqlNodeList(newGroup, groupBy.getParserPosition()));
    SqlShuttle auxiliaries = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT).replace("$", "");
        if (name.equals(kind + "_START")) {
          return column(qualifier, "window_start", call.getParserPosition());
        }
        if (name.equals(kind + "_END")) {
          return column(qualifier, "window_end", call.getParserPosition());
        }
        if (name.equals(kind + "_ROWTIME")) {
          return column(qualifier, "window_time", call.getParserPosition());
        }
        return super.visit(call);
      }
    };
    select.setSelectList((SqlNodeList) select.getSelectList().accept(auxiliaries));
    if (select.getHaving() != null) {
      select.setHaving(select.getHaving().accept(auxiliaries));
    }
  }

  /**
   * {@code TUMBLE_ROWTIME(ts, size)}, Flink's last millisecond of a tumbling group window, is
   * {@code TUMBLE_END(ts, size) - INTERVAL '0.001' SECOND} (Calcite has no such function).
   */
  private static void rewriteTumbleRowtime(SqlSelect select) {
    SqlShuttle rowtime = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        if (call.getOperator().getName().equalsIgnoreCase("TUMBLE_ROWTIME")) {
          SqlParserPos pos = call.getParserPosition();
          SqlNode end = new SqlBasicCall(SqlStdOperatorTable.TUMBLE_END, call.getOperandList(), pos);
          SqlNode milli = org.apache.calcite.sql.SqlLiteral.createInterval(1, "0.001",
              new org.apache.calcite.sql.SqlIntervalQualifier(org.apache.calcite.avatica.util.TimeUnit.SECOND, -1, null,
                  3, pos), pos);
          return SqlStdOperatorTable.MINUS.createCall(pos, end, milli);
        }
        return super.visit(call);
      }
    };
    select.setSelectList((SqlNodeList) select.getSelectList().accept(rowtime));
  }

  /**
   * {@code (SELECT <the columns the query reads> FROM table)}: a window function keeps the rows it
   * is given (a session's until it closes), so it is given only what the query needs. Every
   * column the select list, the keys and HAVING name is one of the table's (a single table is
   * in FROM).
   */
  private static SqlNode columnsRead(SqlSelect select, SqlIdentifier table, SqlIdentifier time) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    names.add(last(time));
    SqlShuttle collect = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlIdentifier id) {
        if (!id.isStar()) {
          names.add(last(id));
        }
        return id;
      }

      @Override
      public SqlNode visit(SqlCall call) {
        if (call.getKind() == SqlKind.AS) { // expr AS alias: the alias is no column
          call.operand(0).accept(this);
          return call;
        }
        return super.visit(call);
      }
    };
    select.getSelectList().accept(collect);
    select.getGroup().accept(collect);
    if (select.getHaving() != null) {
      select.getHaving().accept(collect);
    }
    SqlParserPos pos = table.getParserPosition();
    List<SqlNode> columns = names.stream().map(n -> (SqlNode) new SqlIdentifier(n, pos)).toList();
    return new SqlSelect(pos, null, new SqlNodeList(columns, pos), table, null, null, null, null, null, null, null,
        null, null);
  }

  private static String last(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  private static SqlNode descriptor(List<SqlNode> columns, SqlParserPos pos) {
    List<SqlNode> names = new ArrayList<>();
    for (SqlNode c : columns) {
      SqlIdentifier id = (SqlIdentifier) c;
      names.add(new SqlIdentifier(id.names.get(id.names.size() - 1), id.getParserPosition()));
    }
    return SqlStdOperatorTable.DESCRIPTOR.createCall(pos, names);
  }

  private static SqlIdentifier column(SqlIdentifier qualifier, String name, SqlParserPos pos) {
    return qualifier == null ? new SqlIdentifier(name, pos) : new SqlIdentifier(List.of(qualifier.getSimple(), name), pos);
  }
}
