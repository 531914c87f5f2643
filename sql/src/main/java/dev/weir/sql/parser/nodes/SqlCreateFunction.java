package dev.weir.sql.parser.nodes;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE [TEMPORARY] FUNCTION [IF NOT EXISTS] name AS 'class' [LANGUAGE JAVA]}. */
public final class SqlCreateFunction extends SqlCreate {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE FUNCTION", SqlKind.CREATE_FUNCTION);

  private final SqlIdentifier name;
  private final SqlNode className;

  public SqlCreateFunction(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
      SqlNode className) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.className = className;
  }

  public SqlIdentifier name() {
    return name;
  }

  public String className() {
    return SqlSet.text(className);
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, className);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE FUNCTION");
    name.unparse(writer, 0, 0);
    writer.keyword("AS");
    className.unparse(writer, 0, 0);
  }
}
