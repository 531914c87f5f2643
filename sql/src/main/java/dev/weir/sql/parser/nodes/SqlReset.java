package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code RESET} (all settings) or {@code RESET 'key'}. */
public final class SqlReset extends WeirStatement {
  private final @Nullable SqlNode key;

  public SqlReset(SqlParserPos pos, @Nullable SqlNode key) {
    super(pos, "RESET");
    this.key = key;
  }

  public @Nullable String key() {
    return SqlSet.text(key);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("RESET");
    if (key != null) {
      key.unparse(writer, leftPrec, rightPrec);
    }
  }
}
