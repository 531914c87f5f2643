package dev.weir.sql.plan;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Calcite's lenient conformance ({@code !=}, {@code %}, GROUP BY alias, ...) with Flink's
 * strictness where users rely on it: an INSERT must give every column of its target.
 */
final class WeirConformance extends SqlDelegatingConformance {
  static final WeirConformance INSTANCE = new WeirConformance();

  private WeirConformance() {
    super(SqlConformanceEnum.LENIENT);
  }

  @Override
  public boolean isInsertSubsetColumnsAllowed() {
    return false;
  }
}
