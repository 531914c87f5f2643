package dev.weir.sql.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A golden SQL file: cases separated by blank lines, each a directive line, a statement, and
 * (after {@code ----}) what is expected.
 *
 * <pre>
 * # comment
 * statement ok
 * CREATE TABLE t (...) WITH (...);
 *
 * statement error
 * CREATE TABLE t (a INT) WITH ('connector' = 'nope');
 * ----
 * Unknown connector 'nope'
 *
 * query rowsort
 * SELECT a, b FROM t;
 * ----
 * 1 | x
 * </pre>
 *
 * {@code statement ok} may also give an expected message after {@code ----}; error and message
 * texts must be contained in the actual text. {@code query} compares rows in order; {@code query
 * rowsort} compares them sorted; {@code query final} applies a changelog's changes and compares
 * the rows that remain, sorted (for results whose changes may come in any order). Values print as SQL text, NULL as {@code NULL}, separated by
 * {@code " | "}.
 */
record GoldenFile(Path path, List<String> lines, List<Case> cases) {

  /** One case. {@code expectedFrom}/{@code expectedTo} are the line range of its expectation (for rewriting). */
  record Case(int line, String directive, String sql, List<String> expected, int expectedFrom, int expectedTo) {
    String name() {
      String first = sql.lines().findFirst().orElse("").trim();
      return "line " + line + ": " + directive + ": " + (first.length() > 70 ? first.substring(0, 70) + "..." : first);
    }
  }

  static GoldenFile read(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path);
    List<Case> cases = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        i++;
        continue;
      }
      if (!line.startsWith("statement") && !line.startsWith("query")) {
        throw new IllegalArgumentException(path + ":" + (i + 1) + ": expected 'statement' or 'query', found: " + line);
      }
      int start = i + 1;
      String directive = line;
      i++;
      StringBuilder sql = new StringBuilder();
      while (i < lines.size() && !lines.get(i).trim().equals("----") && !lines.get(i).isBlank()) {
        sql.append(lines.get(i)).append('\n');
        i++;
      }
      List<String> expected = new ArrayList<>();
      int from = -1;
      int to = -1;
      if (i < lines.size() && lines.get(i).trim().equals("----")) {
        i++;
        from = i;
        while (i < lines.size() && !lines.get(i).isBlank()) {
          expected.add(lines.get(i));
          i++;
        }
        to = i;
      }
      cases.add(new Case(start, directive, sql.toString(), expected, from, to));
    }
    return new GoldenFile(path, lines, cases);
  }
}
