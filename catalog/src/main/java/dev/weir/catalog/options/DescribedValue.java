package dev.weir.catalog.options;

import java.util.List;

/** An enum value of an option, with its SQL spelling and a sentence saying what it does. */
public interface DescribedValue {
  /** How the value is written in SQL, e.g. {@code earliest-offset}. */
  String sqlName();

  String description();

  /** Other spellings accepted for the same value (e.g. Arroyo's). */
  default List<String> aliases() {
    return List.of();
  }
}
