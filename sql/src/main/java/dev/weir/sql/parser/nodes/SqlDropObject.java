package dev.weir.sql.parser.nodes;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP TABLE|VIEW [IF EXISTS] name}. */
public final class SqlDropObject extends SqlDrop {
  private static final SqlOperator DROP_TABLE = new SqlSpecialOperator("DROP TABLE", SqlKind.DROP_TABLE);
  private static final SqlOperator DROP_VIEW = new SqlSpecialOperator("DROP VIEW", SqlKind.DROP_VIEW);

  private final boolean view;
  private final SqlIdentifier name;

  public SqlDropObject(SqlParserPos pos, boolean view, boolean ifExists, SqlIdentifier name) {
    super(view ? DROP_VIEW : DROP_TABLE, pos, ifExists);
    this.view = view;
    this.name = name;
  }

  public boolean isView() {
    return view;
  }

  public boolean ifExists() {
    return ifExists;
  }

  public SqlIdentifier name() {
    return name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(view ? "DROP VIEW" : "DROP TABLE");
    name.unparse(writer, 0, 0);
  }
}
