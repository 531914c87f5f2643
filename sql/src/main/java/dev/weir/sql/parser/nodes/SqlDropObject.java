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

/** {@code DROP TABLE|VIEW|FUNCTION|PIPELINE [IF EXISTS] name}. */
public final class SqlDropObject extends SqlDrop {
  /** What is dropped. */
  public enum Kind {
    TABLE(SqlKind.DROP_TABLE), VIEW(SqlKind.DROP_VIEW), FUNCTION(SqlKind.DROP_FUNCTION), PIPELINE(SqlKind.OTHER_DDL);

    private final SqlOperator operator;

    Kind(SqlKind kind) {
      this.operator = new SqlSpecialOperator("DROP " + name(), kind);
    }
  }

  private final Kind kind;
  private final SqlIdentifier name;

  public SqlDropObject(SqlParserPos pos, Kind kind, boolean ifExists, SqlIdentifier name) {
    super(kind.operator, pos, ifExists);
    this.kind = kind;
    this.name = name;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isView() {
    return kind == Kind.VIEW;
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
    writer.keyword("DROP " + kind.name());
    name.unparse(writer, 0, 0);
  }
}
