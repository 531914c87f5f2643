package dev.weir.catalog.format;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Turns one row of Arrow vectors into a record's bytes. Not thread-safe; one per writer. */
public interface Encoder {
  /** Writes row {@code row} of {@code batch} as one record, without a line terminator. */
  void encode(VectorSchemaRoot batch, int row, OutputStream out) throws IOException;

  /** A line to write at the start of each file (CSV's header), or null. */
  default byte[] header() {
    return null;
  }
}
