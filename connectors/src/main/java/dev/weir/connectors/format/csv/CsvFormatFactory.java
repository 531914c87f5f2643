package dev.weir.connectors.format.csv;

import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.ValidationException;
import dev.weir.catalog.options.ResolvedOptions;
import java.util.List;

/** Delimited text: one record per line, columns by position (or by header name). */
public final class CsvFormatFactory implements FormatFactory {
  public static final ConfigOption<String> FIELD_DELIMITER = ConfigOption.string("csv.field-delimiter")
      .defaultValue(",").withDescription("The single character between fields ('\\t' for tab).");
  public static final ConfigOption<String> QUOTE_CHARACTER = ConfigOption.string("csv.quote-character")
      .defaultValue("\"").withDescription("The character that encloses fields containing delimiters or quotes.");
  public static final ConfigOption<Boolean> HEADER = ConfigOption.bool("csv.header").defaultValue(false)
      .withDescription("Files begin with a header line: columns are matched by its names, and sinks write one.");
  public static final ConfigOption<String> NULL_LITERAL = ConfigOption.string("csv.null-literal")
      .withDescription("Text that stands for NULL (an empty field is always NULL for non-string columns).");
  public static final ConfigOption<Boolean> ALLOW_COMMENTS = ConfigOption.bool("csv.allow-comments")
      .defaultValue(false).withDescription("Skip lines that start with '#'.");

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public String description() {
    return "Delimited text with quoting; columns by position, or by name with a header line.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(FIELD_DELIMITER, QUOTE_CHARACTER, HEADER, NULL_LITERAL, ALLOW_COMMENTS);
  }

  static char singleChar(ResolvedOptions options, ConfigOption<String> option) {
    String s = options.get(option);
    if (s.equals("\\t")) {
      return '\t';
    }
    if (s.length() != 1) {
      throw new ValidationException("Invalid value '" + s + "' for option '" + option.key()
          + "' of format 'csv': expected a single character.");
    }
    return s.charAt(0);
  }

  @Override
  public Decoder createDecoder(FormatContext context) {
    ResolvedOptions o = context.options();
    return new CsvDecoder(context.columns(), singleChar(o, FIELD_DELIMITER), singleChar(o, QUOTE_CHARACTER),
        o.get(HEADER), o.get(NULL_LITERAL), o.get(ALLOW_COMMENTS));
  }

  @Override
  public Encoder createEncoder(FormatContext context) {
    ResolvedOptions o = context.options();
    return new CsvEncoder(context.columns(), singleChar(o, FIELD_DELIMITER), singleChar(o, QUOTE_CHARACTER),
        o.get(HEADER), o.get(NULL_LITERAL));
  }
}
