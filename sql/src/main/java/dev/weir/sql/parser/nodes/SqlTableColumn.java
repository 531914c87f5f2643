package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One column of CREATE TABLE: physical ({@code name type}), computed ({@code name AS expr}),
 * metadata ({@code name type METADATA [FROM 'key'] [VIRTUAL]}), or, with a null name, the
 * {@code PRIMARY KEY (...)} constraint.
 */
public final class SqlTableColumn extends WeirStatement {
  private final @Nullable SqlIdentifier name;
  private final @Nullable SqlDataTypeSpec type;
  private final @Nullable SqlNode expression;
  private final boolean metadata;
  private final @Nullable SqlNode metadataKey;
  private final boolean virtual;
  private final @Nullable SqlNode comment;
  private final @Nullable SqlNodeList primaryKey;

  public SqlTableColumn(SqlParserPos pos, SqlIdentifier name, @Nullable SqlDataTypeSpec type,
      @Nullable SqlNode expression, boolean metadata, @Nullable SqlNode metadataKey, boolean virtual,
      @Nullable SqlNode comment) {
    this(pos, name, type, expression, metadata, metadataKey, virtual, comment, null);
  }

  private SqlTableColumn(SqlParserPos pos, @Nullable SqlIdentifier name, @Nullable SqlDataTypeSpec type,
      @Nullable SqlNode expression, boolean metadata, @Nullable SqlNode metadataKey, boolean virtual,
      @Nullable SqlNode comment, @Nullable SqlNodeList primaryKey) {
    super(pos, "COLUMN");
    this.name = name;
    this.type = type;
    this.expression = expression;
    this.metadata = metadata;
    this.metadataKey = metadataKey;
    this.virtual = virtual;
    this.comment = comment;
    this.primaryKey = primaryKey;
  }

  /** The {@code PRIMARY KEY (a, b) NOT ENFORCED} constraint. */
  public static SqlTableColumn primaryKey(SqlParserPos pos, SqlNodeList columns) {
    return new SqlTableColumn(pos, null, null, null, false, null, false, null, columns);
  }

  public boolean isPrimaryKey() {
    return primaryKey != null;
  }

  public @Nullable SqlNodeList primaryKeyColumns() {
    return primaryKey;
  }

  public @Nullable SqlIdentifier name() {
    return name;
  }

  public @Nullable SqlDataTypeSpec type() {
    return type;
  }

  public @Nullable SqlNode expression() {
    return expression;
  }

  public boolean isMetadata() {
    return metadata;
  }

  /** The connector's metadata key: the FROM string, else the column's own name. */
  public @Nullable String metadataKey() {
    return metadataKey != null ? SqlSet.text(metadataKey) : name == null ? null : name.getSimple();
  }

  public boolean isVirtual() {
    return virtual;
  }

  public @Nullable String comment() {
    return SqlSet.text(comment);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    if (primaryKey != null) {
      writer.keyword("PRIMARY KEY");
      primaryKey.unparse(writer, 0, 0);
      writer.keyword("NOT ENFORCED");
      return;
    }
    name.unparse(writer, 0, 0);
    if (expression != null) {
      writer.keyword("AS");
      expression.unparse(writer, 0, 0);
    } else {
      type.unparse(writer, 0, 0);
    }
  }
}
