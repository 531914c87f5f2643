package dev.weir.catalog.format;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Turns one record's bytes into one row of Arrow vectors. Not thread-safe; one per reader. */
public interface Decoder {
  /**
   * Decodes a record into row {@code row} of the first columns of {@code out} (the format's
   * columns, in {@link FormatContext#columns()} order). On failure nothing about other rows changes
   * and the row may be written again.
   *
   * @return whether a row was written (false for records that carry none, such as a comment line)
   * @throws RecordDecodeException when the bytes are not a valid record
   */
  boolean decode(byte[] bytes, int offset, int length, VectorSchemaRoot out, int row) throws RecordDecodeException;

  /** Whether each file begins with a header line (CSV with {@code csv.header}) to pass to {@link #readHeader}. */
  default boolean expectsHeader() {
    return false;
  }

  default void readHeader(byte[] bytes, int offset, int length) throws RecordDecodeException {}
}
