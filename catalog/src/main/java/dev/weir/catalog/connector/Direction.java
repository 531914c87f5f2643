package dev.weir.catalog.connector;

/** Whether a connector can be read from, written to, or both. */
public enum Direction {
  SOURCE, SINK, BOTH;

  public boolean canRead() {
    return this != SINK;
  }

  public boolean canWrite() {
    return this != SOURCE;
  }

  public String sqlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
