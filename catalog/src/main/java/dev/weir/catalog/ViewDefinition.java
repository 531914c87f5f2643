package dev.weir.catalog;

import java.util.List;

/**
 * A view as declared by CREATE VIEW: its query text, expanded wherever the view is used.
 *
 * @param name its name
 * @param query the SQL of its query
 * @param columnNames the renamed columns, or empty
 */
public record ViewDefinition(String name, String query, List<String> columnNames) {
  public ViewDefinition {
    columnNames = List.copyOf(columnNames);
  }
}
