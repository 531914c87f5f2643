package dev.weir.catalog.connector.source;

/** A unit of a source's work (a file, a partition, a range of a generator). */
public interface SourceSplit {
  /** Stable identifier, used for positions in checkpoints. */
  String id();
}
