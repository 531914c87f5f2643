package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DESCRIBE [TABLE] name}: the columns of a table or view. */
public final class SqlDescribeTable extends WeirStatement {
  private final SqlIdentifier name;

  public SqlDescribeTable(SqlParserPos pos, SqlIdentifier name) {
    super(pos, "DESCRIBE");
    this.name = name;
  }

  public SqlIdentifier name() {
    return name;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DESCRIBE");
    name.unparse(writer, leftPrec, rightPrec);
  }
}
