package dev.weir.sql.session;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.options.DescribedValue;
import dev.weir.catalog.options.DidYouMean;
import dev.weir.catalog.options.OptionsValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings {@code SET} accepts, in Flink's spelling where Flink has one. */
public final class SessionOptions {
  /** How query results are shown ({@code sql-client.execution.result-mode}). */
  public enum ResultMode implements DescribedValue {
    TABLE("table", "The materialized result, shown when the query ends (or updated in place)."),
    CHANGELOG("changelog", "Every change as it happens, with its kind (+I -U +U -D) in an 'op' column."),
    TABLEAU("tableau", "Rows printed as they arrive in a growing table.");

    private final String sqlName;
    private final String description;

    ResultMode(String sqlName, String description) {
      this.sqlName = sqlName;
      this.description = description;
    }

    @Override
    public String sqlName() {
      return sqlName;
    }

    @Override
    public String description() {
      return description;
    }
  }

  public static final ConfigOption<Integer> PARALLELISM = ConfigOption.integer("parallelism.default").defaultValue(1)
      .withDescription("How many parallel instances sources and operators get unless a table says otherwise.");
  public static final ConfigOption<Integer> BATCH_SIZE = ConfigOption.integer("execution.batch-size")
      .defaultValue(4096).withDescription("The most rows a source puts in one Arrow batch.");
  public static final ConfigOption<ResultMode> RESULT_MODE =
      ConfigOption.enumeration("sql-client.execution.result-mode", ResultMode.class).defaultValue(ResultMode.TABLEAU)
          .withDescription("How the shell shows query results.");
  public static final ConfigOption<Boolean> DML_SYNC = ConfigOption.bool("table.dml-sync").defaultValue(true)
      .withDescription("Whether INSERT INTO waits for its pipeline to finish.");

  public static final ConfigOption<java.time.Duration> IDLE_TIMEOUT =
      ConfigOption.duration("table.exec.source.idle-timeout").defaultValue(java.time.Duration.ZERO)
          .withDescription("After this long without data a source reader is idle and stops holding back the"
              + " watermark; 0 never.");

  public static final ConfigOption<java.time.Duration> STATE_TTL =
      ConfigOption.duration("table.exec.state.ttl").defaultValue(java.time.Duration.ZERO)
          .withDescription("How long a key's state (an updating GROUP BY's group) may go untouched before it is"
              + " forgotten; 0 never.");

  public static final ConfigOption<java.time.Duration> CHECKPOINT_INTERVAL =
      ConfigOption.duration("execution.checkpointing.interval").defaultValue(java.time.Duration.ZERO)
          .withDescription("How often an INSERT's pipeline takes a checkpoint, from which it resumes after a crash;"
              + " 0 never.");
  public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOption.string("execution.checkpointing.dir")
      .withFallbackKeys("state.checkpoints.dir")
      .withDescription("Where pipelines keep their checkpoints, one directory per pipeline name; by default the"
          + " pipelines directory of the state directory (bin/weir --state-dir).");
  public static final ConfigOption<Integer> CHECKPOINTS_RETAINED =
      ConfigOption.integer("execution.checkpointing.num-retained").defaultValue(1)
          .withFallbackKeys("state.checkpoints.num-retained")
          .withDescription("How many complete checkpoints a pipeline keeps.");
  public static final ConfigOption<String> PIPELINE_NAME = ConfigOption.string("pipeline.name")
      .withDescription("The name of the next INSERT's pipeline. A named pipeline that checkpoints resumes from its"
          + " latest checkpoint when it is started again, in this process or the next.");

  public static final List<ConfigOption<?>> ALL = List.of(PARALLELISM, BATCH_SIZE, RESULT_MODE, DML_SYNC, IDLE_TIMEOUT,
      STATE_TTL, CHECKPOINT_INTERVAL, CHECKPOINT_DIR, CHECKPOINTS_RETAINED, PIPELINE_NAME);

  private final Map<String, String> values = new LinkedHashMap<>();

  static ConfigOption<?> option(String key) {
    for (ConfigOption<?> o : ALL) {
      if (o.key().equals(key) || o.fallbackKeys().contains(key)) {
        return o;
      }
    }
    throw new ValidationException("Unknown setting '" + key + "'."
        + DidYouMean.hint(key, ALL.stream().map(ConfigOption::key).toList())
        + " Settings: " + String.join(", ", ALL.stream().map(ConfigOption::key).toList()) + ".");
  }

  /** Validates and stores a setting. */
  public void set(String key, String value) {
    ConfigOption<?> o = option(key);
    Object parsed = OptionsValidator.parseValue("setting", o, value);
    if (parsed instanceof Integer i && i < 1) {
      throw new ValidationException("Invalid value '" + value + "' for setting '" + key + "': must be at least 1.");
    }
    values.put(o.key(), value);
  }

  public void reset(String key) {
    values.remove(option(key).key());
  }

  public void resetAll() {
    values.clear();
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigOption<T> option) {
    String v = values.get(option.key());
    return v == null ? option.defaultValue() : (T) OptionsValidator.parseValue("setting", option, v);
  }

  /** The settings given explicitly (SET), by key: what a pipeline keeps to run the same way when resumed. */
  public Map<String, String> explicit() {
    return new LinkedHashMap<>(values);
  }

  /** Settings with these explicit values (from {@link #explicit}). */
  public static SessionOptions of(Map<String, String> explicit) {
    SessionOptions options = new SessionOptions();
    explicit.forEach(options::set);
    return options;
  }

  /** Every setting with its current value, set or default. */
  public Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigOption<?> o : ALL) {
      out.put(o.key(), values.getOrDefault(o.key(), o.defaultText()));
    }
    return out;
  }
}
