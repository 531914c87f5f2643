package dev.weir.sql.parser.nodes;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code CREATE VIEW [IF NOT EXISTS] name [(columns)] AS query}. */
public final class SqlCreateView extends SqlCreate {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW);

  private final SqlIdentifier name;
  private final @Nullable SqlNodeList columns;
  private final SqlNode query;

  public SqlCreateView(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
      @Nullable SqlNodeList columns, SqlNode query) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.columns = columns;
    this.query = query;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The renamed columns, or an empty list to keep the query's own names. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    if (columns != null) {
      for (SqlNode c : columns) {
        names.add(((SqlIdentifier) c).getSimple());
      }
    }
    return names;
  }

  public SqlNode query() {
    return query;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  public boolean orReplace() {
    return getReplace();
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE VIEW");
    name.unparse(writer, 0, 0);
    writer.keyword("AS");
    query.unparse(writer, 0, 0);
  }
}
