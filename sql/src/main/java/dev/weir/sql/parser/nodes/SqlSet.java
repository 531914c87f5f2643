package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code SET} (list the session's settings) or {@code SET 'key' = 'value'}. */
public final class SqlSet extends WeirStatement {
  private final @Nullable SqlNode key;
  private final @Nullable SqlNode value;

  public SqlSet(SqlParserPos pos, @Nullable SqlNode key, @Nullable SqlNode value) {
    super(pos, "SET");
    this.key = key;
    this.value = value;
  }

  /** The key, or null for a bare {@code SET}. */
  public @Nullable String key() {
    return text(key);
  }

  public @Nullable String value() {
    return text(value);
  }

  /** The text of a key or value, whether written quoted, bare, or as a number. */
  static @Nullable String text(@Nullable SqlNode node) {
    if (node == null) {
      return null;
    }
    if (node instanceof SqlIdentifier id) {
      return String.join(".", id.names);
    }
    if (node instanceof SqlLiteral literal) {
      Object v = literal.getValue();
      if (v instanceof org.apache.calcite.util.NlsString nls) {
        return nls.getValue();
      }
      return literal.toValue();
    }
    return node.toString();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SET");
    if (key != null) {
      key.unparse(writer, leftPrec, rightPrec);
      writer.keyword("=");
      value.unparse(writer, leftPrec, rightPrec);
    }
  }
}
