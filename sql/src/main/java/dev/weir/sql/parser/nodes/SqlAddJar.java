package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ADD JAR 'path'}: makes the classes of a jar available to CREATE FUNCTION. */
public final class SqlAddJar extends WeirStatement {
  private final SqlNode path;

  public SqlAddJar(SqlParserPos pos, SqlNode path) {
    super(pos, "ADD JAR");
    this.path = path;
  }

  public String path() {
    return SqlSet.text(path);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ADD JAR");
    path.unparse(writer, leftPrec, rightPrec);
  }
}
