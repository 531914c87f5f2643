package dev.weir.sql.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One result row for callers that want values rather than vectors: plain Java objects (Long,
 * Integer, Double, BigDecimal, Boolean, String, byte[]; timestamps as epoch milliseconds, dates as
 * epoch days, times as milliseconds of the day), null for NULL. Rows box their values; use {@link QueryResult#nextBatch()} to stay columnar.
 *
 * @param kind the change kind: {@code +I} for inserts (every row of an append-only result)
 * @param values the values in column order
 */
public record Row(String kind, List<Object> values) {
  public Row {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  public Object get(int index) {
    return values.get(index);
  }

  public int size() {
    return values.size();
  }
}
