package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DESCRIBE CONNECTOR name}: a connector's declaration (options, metadata, direction). */
public final class SqlDescribeConnector extends WeirStatement {
  private final SqlIdentifier name;

  public SqlDescribeConnector(SqlParserPos pos, SqlIdentifier name) {
    super(pos, "DESCRIBE CONNECTOR");
    this.name = name;
  }

  public String connectorName() {
    return name.getSimple();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DESCRIBE CONNECTOR");
    name.unparse(writer, leftPrec, rightPrec);
  }
}
