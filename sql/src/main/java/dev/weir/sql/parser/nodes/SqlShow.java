package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code SHOW TABLES | VIEWS | CONNECTORS | FUNCTIONS | PIPELINES}. */
public final class SqlShow extends WeirStatement {
  /** What is listed. */
  public enum Kind { TABLES, VIEWS, CONNECTORS, FUNCTIONS, PIPELINES }

  private final Kind kind;

  public SqlShow(SqlParserPos pos, Kind kind) {
    super(pos, "SHOW");
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW");
    writer.keyword(kind.name());
  }
}
