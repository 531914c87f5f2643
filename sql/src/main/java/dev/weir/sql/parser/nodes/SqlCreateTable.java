package dev.weir.sql.parser.nodes;

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

/** {@code CREATE TABLE [IF NOT EXISTS] name (elements) [COMMENT '...'] [WITH (options)]}. */
public final class SqlCreateTable extends SqlCreate {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

  private final SqlIdentifier name;
  private final SqlNodeList elements;
  private final SqlNodeList options;
  private final @Nullable SqlNode comment;

  public SqlCreateTable(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
      SqlNodeList elements, SqlNodeList options, @Nullable SqlNode comment) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.elements = elements;
    this.options = options;
    this.comment = comment;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** Columns ({@link SqlTableColumn}) and watermarks ({@link SqlWatermark}) in written order. */
  public SqlNodeList elements() {
    return elements;
  }

  /** Alternating keys and values, as Calcite's key-value option list gives them. */
  public SqlNodeList options() {
    return options;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  public @Nullable String comment() {
    return SqlSet.text(comment);
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, elements, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE TABLE");
    name.unparse(writer, 0, 0);
    elements.unparse(writer, 0, 0);
  }
}
