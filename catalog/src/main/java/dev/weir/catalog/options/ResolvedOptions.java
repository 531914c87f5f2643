package dev.weir.catalog.options;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Options after validation: every declared option parsed, defaults applied on read. */
public final class ResolvedOptions {
  private final Map<String, String> raw;
  private final Map<String, Object> parsed;

  ResolvedOptions(Map<String, String> raw, Map<String, Object> parsed) {
    this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    this.parsed = Map.copyOf(parsed);
  }

  /** The option's value as given, else its default (null when it has none). */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigOption<T> option) {
    Object v = parsed.get(option.key());
    return v != null ? (T) v : option.defaultValue();
  }

  public <T> Optional<T> getOptional(ConfigOption<T> option) {
    return Optional.ofNullable(get(option));
  }

  /** Whether the user wrote this option (under its key or a fallback key). */
  public boolean contains(ConfigOption<?> option) {
    return parsed.containsKey(option.key());
  }

  /** The pass-through options under {@code prefix}, with the prefix removed ({@code properties.*}). */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** Every option as written. */
  public Map<String, String> raw() {
    return raw;
  }
}
