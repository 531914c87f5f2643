package dev.weir.catalog.connector.source;

import java.util.List;

/** A table being read: divides its work into splits and creates readers for them. */
public interface Source {
  /** Whether the input ends by itself (a file, a counted impulse). */
  boolean isBounded();

  /**
   * The units of work; the engine spreads them over at most {@code parallelism} readers.
   *
   * @param parallelism the number of readers that will run
   */
  List<SourceSplit> splits(int parallelism) throws Exception;

  /** A reader for some of the splits; it reads them in the order given. */
  SourceReader createReader(List<SourceSplit> splits, ReaderContext context) throws Exception;
}
