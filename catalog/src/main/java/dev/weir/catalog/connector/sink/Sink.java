package dev.weir.catalog.connector.sink;

/** A table being written: creates one writer per parallel instance. */
public interface Sink {
  SinkWriter createWriter(WriterContext context) throws Exception;

  /** The most writers this sink supports (a single file: 1). */
  default int maxParallelism() {
    return Integer.MAX_VALUE;
  }
}
