package dev.weir.catalog.format;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A decoder whose records are changes (a Debezium event): one record becomes zero, one or two rows
 * (an update is -U then +U), each with its {@link dev.weir.catalog.schema.RowKind} in the last
 * vector of {@code out}, after the format's columns.
 */
public interface ChangelogDecoder extends Decoder {
  /**
   * Decodes a record into rows {@code row}, {@code row + 1}, ... of {@code out}; on failure the
   * rows may be written again.
   *
   * @return how many rows were written
   * @throws RecordDecodeException when the bytes are not a valid record
   */
  int decodeChanges(byte[] bytes, int offset, int length, VectorSchemaRoot out, int row) throws RecordDecodeException;

  @Override
  default boolean decode(byte[] bytes, int offset, int length, VectorSchemaRoot out, int row)
      throws RecordDecodeException {
    throw new UnsupportedOperationException("a changelog format is read with decodeChanges");
  }
}
