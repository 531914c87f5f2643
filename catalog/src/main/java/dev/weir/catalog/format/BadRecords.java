package dev.weir.catalog.format;

import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.options.DescribedValue;
import dev.weir.catalog.options.ResolvedOptions;
import java.util.List;

/** The per-table policy for records a format cannot decode, and its options. */
public final class BadRecords {
  private BadRecords() {}

  /** What happens to a record that cannot be decoded. */
  public enum Policy implements DescribedValue {
    FAIL("fail", "Stop the query with an error naming the record's position."),
    SKIP("skip", "Drop the record and count it in the 'bad-records-skipped' metric.", "drop"),
    DEAD_LETTER("dead-letter", "Send the record's raw bytes and the reason to the connector's dead-letter destination"
        + " (Kafka: 'dead-letter.topic'), and count it in the 'bad-records-dead-lettered' metric.", "dead_letter");

    private final String sqlName;
    private final String description;
    private final List<String> aliases;

    Policy(String sqlName, String description, String... aliases) {
      this.sqlName = sqlName;
      this.description = description;
      this.aliases = List.of(aliases);
    }

    @Override
    public String sqlName() {
      return sqlName;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public List<String> aliases() {
      return aliases;
    }
  }

  /** The counter incremented for each skipped record. */
  public static final String SKIPPED_COUNTER = "bad-records-skipped";

  /** The counter incremented for each record sent to a dead letter. */
  public static final String DEAD_LETTERED_COUNTER = "bad-records-dead-lettered";

  public static final ConfigOption<Policy> POLICY = ConfigOption.enumeration("bad-records", Policy.class)
      .defaultValue(Policy.FAIL).withFallbackKeys("bad_data")
      .withDescription("What to do with a record the format cannot decode.");

  public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS = ConfigOption.bool("format.ignore-parse-errors")
      .defaultValue(false).withFallbackKeys("json.ignore-parse-errors", "csv.ignore-parse-errors")
      .withDescription("Shorthand for 'bad-records' = 'skip' (Flink's spelling).");

  public static Policy policy(ResolvedOptions options) {
    return options.get(IGNORE_PARSE_ERRORS) ? Policy.SKIP : options.get(POLICY);
  }
}
