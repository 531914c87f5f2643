package dev.weir.catalog.options;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One declared option: key, type, default, whether required or secret, description, allowed
 * values and older spellings of the key. Immutable; the {@code with...} methods return copies.
 *
 * <pre>{@code
 * static final ConfigOption<String> PATH = ConfigOption.string("path").required()
 *     .withDescription("The file or directory to read or write.");
 * }</pre>
 *
 * @param <T> the Java type of the parsed value
 */
public final class ConfigOption<T> {
  private final String key;
  private final OptionType type;
  private final Function<String, T> parser;
  private final T defaultValue;
  private final boolean required;
  private final boolean secret;
  private final String description;
  private final List<? extends DescribedValue> allowedValues;
  private final List<String> fallbackKeys;

  private ConfigOption(String key, OptionType type, Function<String, T> parser, T defaultValue,
      boolean required, boolean secret, String description, List<? extends DescribedValue> allowedValues,
      List<String> fallbackKeys) {
    this.key = key;
    this.type = type;
    this.parser = parser;
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.description = description;
    this.allowedValues = allowedValues;
    this.fallbackKeys = fallbackKeys;
  }

  private static <T> ConfigOption<T> create(String key, OptionType type, Function<String, T> parser) {
    return new ConfigOption<>(key, type, parser, null, false, false, "", List.of(), List.of());
  }

  public static ConfigOption<String> string(String key) {
    return create(key, OptionType.STRING, s -> s);
  }

  public static ConfigOption<Integer> integer(String key) {
    return create(key, OptionType.INT, s -> {
      try {
        return Integer.valueOf(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer");
      }
    });
  }

  public static ConfigOption<Long> longInteger(String key) {
    return create(key, OptionType.LONG, s -> {
      try {
        return Long.valueOf(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer");
      }
    });
  }

  public static ConfigOption<Double> decimal(String key) {
    return create(key, OptionType.DOUBLE, s -> {
      try {
        return Double.valueOf(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
    });
  }

  public static ConfigOption<Boolean> bool(String key) {
    return create(key, OptionType.BOOLEAN, s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected 'true' or 'false'");
    });
  }

  public static ConfigOption<Duration> duration(String key) {
    return create(key, OptionType.DURATION, Durations::parse);
  }

  /** A number of bytes, in Flink's spelling: {@code 128mb}, {@code 64 kb}, {@code 1gb}, or plain bytes. */
  public static ConfigOption<Long> memorySize(String key) {
    return create(key, OptionType.MEMORY_SIZE, ConfigOption::parseMemorySize);
  }

  private static long parseMemorySize(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([a-z]*)")
        .matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size (such as 128mb)");
    }
    long unit = switch (m.group(2)) {
      case "", "b", "bytes" -> 1L;
      case "k", "kb", "kib" -> 1L << 10;
      case "m", "mb", "mib" -> 1L << 20;
      case "g", "gb", "gib" -> 1L << 30;
      case "t", "tb", "tib" -> 1L << 40;
      default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "' (use b, kb, mb, gb or tb)");
    };
    return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
  }

  /** An option whose values are the constants of {@code enumClass}, spelled by their {@link DescribedValue#sqlName}. */
  public static <E extends Enum<E> & DescribedValue> ConfigOption<E> enumeration(String key, Class<E> enumClass) {
    List<E> values = Arrays.asList(enumClass.getEnumConstants());
    return new ConfigOption<>(key, OptionType.ENUM, s -> parseEnum(s, values), null, false, false, "", values,
        List.of());
  }

  private static <E extends DescribedValue> E parseEnum(String text, List<E> values) {
    String wanted = text.trim();
    for (E v : values) {
      if (v.sqlName().equalsIgnoreCase(wanted) || v.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(wanted))) {
        return v;
      }
    }
    throw new IllegalArgumentException("not one of the allowed values");
  }

  /**
   * This enumeration option with only {@code values} allowed (a connector that carries out some of
   * a shared option's values): docs, schemas and errors then list just those.
   */
  public ConfigOption<T> restrictedTo(Collection<? extends T> values) {
    List<? extends DescribedValue> allowed = allowedValues.stream().filter(values::contains).toList();
    Function<String, T> restricted = text -> {
      T v = parser.apply(text);
      if (!values.contains(v)) {
        throw new IllegalArgumentException("not one of the allowed values");
      }
      return v;
    };
    return new ConfigOption<>(key, type, restricted, defaultValue, required, secret, description, allowed,
        fallbackKeys);
  }

  public ConfigOption<T> defaultValue(T value) {
    return new ConfigOption<>(key, type, parser, value, required, secret, description, allowedValues, fallbackKeys);
  }

  public ConfigOption<T> required() {
    return new ConfigOption<>(key, type, parser, defaultValue, true, secret, description, allowedValues, fallbackKeys);
  }

  public ConfigOption<T> secret() {
    return new ConfigOption<>(key, type, parser, defaultValue, required, true, description, allowedValues, fallbackKeys);
  }

  public ConfigOption<T> withDescription(String text) {
    return new ConfigOption<>(key, type, parser, defaultValue, required, secret, text, allowedValues, fallbackKeys);
  }

  /** Other keys accepted for this option (Arroyo spellings, older names). The main key wins if both are given. */
  public ConfigOption<T> withFallbackKeys(String... keys) {
    return new ConfigOption<>(key, type, parser, defaultValue, required, secret, description, allowedValues,
        List.of(keys));
  }

  public String key() {
    return key;
  }

  public OptionType type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }

  public boolean isRequired() {
    return required;
  }

  public boolean isSecret() {
    return secret;
  }

  public String description() {
    return description;
  }

  public List<? extends DescribedValue> allowedValues() {
    return allowedValues;
  }

  public List<String> fallbackKeys() {
    return fallbackKeys;
  }

  /** The default as users write it. */
  public String defaultText() {
    if (defaultValue == null) {
      return null;
    }
    if (defaultValue instanceof DescribedValue dv) {
      return dv.sqlName();
    }
    if (defaultValue instanceof Duration d) {
      return Durations.format(d);
    }
    if (type == OptionType.MEMORY_SIZE) {
      long bytes = (Long) defaultValue;
      String[] units = {"tb", "gb", "mb", "kb"};
      for (int u = 0; u < units.length; u++) {
        long unit = 1L << (10 * (4 - u));
        if (bytes >= unit && bytes % unit == 0) {
          return bytes / unit + units[u];
        }
      }
      return bytes + "b";
    }
    return String.valueOf(defaultValue);
  }

  /** Parses a written value; throws {@link IllegalArgumentException} saying why it is wrong. */
  public T parse(String text) {
    return parser.apply(text);
  }

  @Override
  public String toString() {
    return key;
  }
}
