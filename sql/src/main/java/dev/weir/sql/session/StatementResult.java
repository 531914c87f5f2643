package dev.weir.sql.session;

import java.util.List;

/** What a statement gave back. */
public sealed interface StatementResult {
  /** A statement that changed something, with a sentence saying what. */
  record Message(String text) implements StatementResult {}

  /** A small table (SHOW, DESCRIBE, SET): column names, rows of text, and an optional title line. */
  record Table(String title, List<String> columns, List<List<String>> rows) implements StatementResult {}

  /** A running query; the caller reads and closes it. */
  record Query(QueryResult result) implements StatementResult {}
}
