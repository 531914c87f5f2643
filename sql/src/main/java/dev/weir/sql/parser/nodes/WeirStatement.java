package dev.weir.sql.parser.nodes;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Base of the statements that only the session executes (SHOW, DESCRIBE, SET, ...): no operands to validate. */
public abstract class WeirStatement extends SqlCall {
  private final SqlOperator operator;

  protected WeirStatement(SqlParserPos pos, String name) {
    super(pos);
    this.operator = new SqlSpecialOperator(name, SqlKind.OTHER);
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of();
  }
}
