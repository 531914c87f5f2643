package dev.weir.catalog.options;

/** The type of an option's value, as shown to users and in JSON Schema. */
public enum OptionType {
  STRING("string"), INT("integer"), LONG("integer"), DOUBLE("number"), BOOLEAN("boolean"),
  DURATION("string"), MEMORY_SIZE("string"), ENUM("string");

  private final String jsonType;

  OptionType(String jsonType) {
    this.jsonType = jsonType;
  }

  public String jsonType() {
    return jsonType;
  }
}
