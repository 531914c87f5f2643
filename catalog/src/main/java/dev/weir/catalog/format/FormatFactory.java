package dev.weir.catalog.format;

import dev.weir.catalog.options.ConfigOption;
import java.util.List;

/** A record format ({@code json}, {@code csv}, ...). Registered in {@code META-INF/services}. */
public interface FormatFactory {
  /** The name written in {@code 'format' = '...'}. */
  String name();

  String description();

  /** The format's options, with their full keys ({@code json.timestamp-format.standard}). */
  List<ConfigOption<?>> options();

  Decoder createDecoder(FormatContext context);

  Encoder createEncoder(FormatContext context);

  /**
   * Whether records are changes rather than rows: the decoder is a {@link ChangelogDecoder}, and
   * the encoder writes each row's kind (the batch's last column, {@code $row_kind}).
   */
  default boolean isChangelog() {
    return false;
  }

  /**
   * Whether each record is a line of text (no newline inside), so that files can hold one record
   * per line. Binary formats (Avro) are not.
   */
  default boolean isLineDelimited() {
    return true;
  }

  /** Whether records can hold a ROW column (as a nested record); tables in other formats refuse one. */
  default boolean supportsRows() {
    return false;
  }

  /** The file name extension of files in this format. */
  default String fileExtension() {
    return name();
  }
}
