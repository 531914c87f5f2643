package dev.weir.sql.parser.nodes;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code STOP PIPELINE name [WITH SAVEPOINT]}, or {@code START PIPELINE name} (a stopped or failed one, again). */
public final class SqlStopPipeline extends WeirStatement {
  private final SqlIdentifier name;
  private final boolean start;
  private final boolean savepoint;

  public SqlStopPipeline(SqlParserPos pos, SqlIdentifier name, boolean start, boolean savepoint) {
    super(pos, start ? "START PIPELINE" : "STOP PIPELINE");
    this.name = name;
    this.start = start;
    this.savepoint = savepoint;
  }

  /** START rather than STOP. */
  public boolean start() {
    return start;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** Whether a last checkpoint is taken before it stops. */
  public boolean savepoint() {
    return savepoint;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(start ? "START PIPELINE" : "STOP PIPELINE");
    name.unparse(writer, 0, 0);
    if (savepoint) {
      writer.keyword("WITH SAVEPOINT");
    }
  }
}
