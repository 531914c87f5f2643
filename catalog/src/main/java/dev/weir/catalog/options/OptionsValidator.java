package dev.weir.catalog.options;

import dev.weir.catalog.ValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a {@code WITH (...)} clause against declared options before anything runs: every key must
 * be declared (or fall under a pass-through prefix such as {@code properties.}), every required
 * key present, every value of the declared type. Each failure is one line naming the option.
 */
public final class OptionsValidator {
  private OptionsValidator() {}

  /**
   * @param owner what the options belong to, for messages, e.g. {@code connector 'filesystem'}
   * @param given the options as written
   * @param declared every option the owner accepts
   * @param passThroughPrefixes prefixes whose keys are passed on unchecked
   */
  public static ResolvedOptions validate(String owner, Map<String, String> given,
      Collection<? extends ConfigOption<?>> declared, Collection<String> passThroughPrefixes) {
    Map<String, ConfigOption<?>> byKey = new HashMap<>();
    for (ConfigOption<?> o : declared) {
      byKey.put(o.key(), o);
      for (String k : o.fallbackKeys()) {
        byKey.putIfAbsent(k, o);
      }
    }
    Map<String, String> valueText = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey();
      ConfigOption<?> option = byKey.get(key);
      if (option != null) {
        boolean isMainKey = option.key().equals(key);
        if (isMainKey || !valueText.containsKey(option.key())) {
          valueText.put(option.key(), e.getValue());
        }
      } else if (passThroughPrefixes.stream().noneMatch(key::startsWith)) {
        // suggest the option's main key even when the closest spelling is one of its aliases
        String hint = DidYouMean.closest(key, byKey.keySet()).map(k -> " Did you mean '" + byKey.get(k).key() + "'?")
            .orElse("");
        throw new ValidationException("Unknown option '" + key + "' for " + owner + "." + hint
            + " Supported options: " + supportedList(declared, passThroughPrefixes));
      }
    }
    Map<String, Object> parsed = new HashMap<>();
    for (ConfigOption<?> o : declared) {
      String text = valueText.get(o.key());
      if (text == null) {
        if (o.isRequired()) {
          throw new ValidationException("Missing required option '" + o.key() + "' for " + owner + ": "
              + o.description());
        }
        continue;
      }
      parsed.put(o.key(), parseValue(owner, o, text));
    }
    return new ResolvedOptions(given, parsed);
  }

  /** Parses one value, or throws a message naming the option, its type or allowed values, and a suggestion. */
  public static Object parseValue(String owner, ConfigOption<?> o, String text) {
    try {
      return o.parse(text);
    } catch (IllegalArgumentException e) {
      if (o.type() == OptionType.ENUM) {
        List<String> names = allowedNames(o);
        throw new ValidationException("Invalid value '" + text + "' for option '" + o.key() + "' of " + owner
            + ": allowed values are " + names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
            + "." + DidYouMean.hint(text, names));
      }
      throw new ValidationException("Invalid value '" + text + "' for option '" + o.key() + "' of " + owner
          + ": " + e.getMessage() + " (expected " + o.type().name() + ").");
    }
  }

  static List<String> allowedNames(ConfigOption<?> o) {
    List<String> names = new ArrayList<>();
    for (DescribedValue v : o.allowedValues()) {
      names.add(v.sqlName());
    }
    return names;
  }

  private static String supportedList(Collection<? extends ConfigOption<?>> declared, Collection<String> prefixes) {
    TreeSet<String> keys = new TreeSet<>();
    declared.forEach(o -> keys.add(o.key()));
    prefixes.forEach(p -> keys.add(p + "*"));
    return String.join(", ", keys) + ".";
  }
}
