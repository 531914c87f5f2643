package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code EXPLAIN [PLAN FOR] statement}: shows the plan that would run, without running it. */
public final class SqlExplainQuery extends WeirStatement {
  private final SqlNode statement;

  public SqlExplainQuery(SqlParserPos pos, SqlNode statement) {
    super(pos, "EXPLAIN");
    this.statement = statement;
  }

  public SqlNode statement() {
    return statement;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPLAIN");
    statement.unparse(writer, leftPrec, rightPrec);
  }
}
