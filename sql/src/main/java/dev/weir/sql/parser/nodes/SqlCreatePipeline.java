package dev.weir.sql.parser.nodes;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE PIPELINE [IF NOT EXISTS] name [WITH ('setting' = 'value', ...)] AS INSERT INTO ...}. */
public final class SqlCreatePipeline extends SqlCreate {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE PIPELINE", SqlKind.OTHER_DDL);

  private final SqlIdentifier name;
  private final SqlNodeList settings;
  private final SqlInsert insert;

  public SqlCreatePipeline(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
      SqlNodeList settings, SqlInsert insert) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.settings = settings;
    this.insert = insert;
  }

  /** Settings for this pipeline alone, over the session's: key, value, key, value, ... */
  public SqlNodeList settings() {
    return settings;
  }

  public SqlIdentifier name() {
    return name;
  }

  public SqlInsert insert() {
    return insert;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, insert);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE PIPELINE");
    name.unparse(writer, 0, 0);
    writer.keyword("AS");
    insert.unparse(writer, 0, 0);
  }
}
