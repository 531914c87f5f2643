package dev.weir.sql.schema;

import java.util.List;

/**
 * A table with columns that queries may name but {@code SELECT *} leaves out: a connector's
 * metadata columns that the table does not declare (Kafka's {@code _offset}, ...).
 */
public interface ImplicitColumns {
  /** The names of those columns. */
  List<String> implicitColumns();
}
