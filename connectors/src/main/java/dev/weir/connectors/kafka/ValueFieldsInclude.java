package dev.weir.connectors.kafka;

import dev.weir.catalog.options.DescribedValue;

/** Which columns a record's value holds when some are in its key ({@code value.fields-include}). */
public enum ValueFieldsInclude implements DescribedValue {
  ALL("ALL", "The value holds every physical column, the key columns too."),
  EXCEPT_KEY("EXCEPT_KEY", "The value holds the physical columns that are not in 'key.fields'.");

  private final String sqlName;
  private final String description;

  ValueFieldsInclude(String sqlName, String description) {
    this.sqlName = sqlName;
    this.description = description;
  }

  @Override
  public String sqlName() {
    return sqlName;
  }

  @Override
  public String description() {
    return description;
  }
}
