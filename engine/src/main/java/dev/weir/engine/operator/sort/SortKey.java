package dev.weir.engine.operator.sort;

/**
 * One key of an ORDER BY.
 *
 * @param column the column's index in the batch
 * @param descending whether larger values come first
 * @param nullsFirst whether nulls come before all values
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {}
