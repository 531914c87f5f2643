package dev.weir.catalog.options;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** A JSON Schema (draft-07) of declared options, for tools and UIs that build a {@code WITH} clause. */
public final class JsonSchemas {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonSchemas() {}

  public static ObjectNode of(String title, Collection<? extends ConfigOption<?>> options,
      Collection<String> passThroughPrefixes) {
    ObjectNode schema = JSON.objectNode();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("title", title);
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = JSON.arrayNode();
    for (ConfigOption<?> o : options) {
      ObjectNode p = properties.putObject(o.key());
      p.put("type", o.type().jsonType());
      p.put("description", o.description());
      if (o.type() == OptionType.ENUM) {
        ArrayNode values = p.putArray("enum");
        OptionsValidator.allowedNames(o).forEach(values::add);
      }
      if (o.type() == OptionType.DURATION) {
        p.put("pattern", "^(\\d+\\s*(ms|s|min|h|d)?|P.*)$");
      }
      if (o.type() == OptionType.MEMORY_SIZE) {
        p.put("pattern", "^\\d+\\s*([kKmMgGtT]?[bB]?|[kKmMgGtT]i[bB])?$");
      }
      if (o.hasDefault()) {
        Object d = o.defaultValue();
        switch (o.type()) {
          case INT, LONG -> p.put("default", ((Number) d).longValue());
          case DOUBLE -> p.put("default", ((Number) d).doubleValue());
          case BOOLEAN -> p.put("default", (Boolean) d);
          default -> p.put("default", o.defaultText());
        }
      }
      if (o.isSecret()) {
        p.put("writeOnly", true);
      }
      if (!o.fallbackKeys().isEmpty()) {
        ArrayNode aliases = p.putArray("x-aliases");
        o.fallbackKeys().forEach(aliases::add);
      }
      if (o.isRequired()) {
        required.add(o.key());
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    if (!passThroughPrefixes.isEmpty()) {
      ObjectNode patterns = schema.putObject("patternProperties");
      for (String prefix : passThroughPrefixes) {
        patterns.putObject("^" + prefix.replace(".", "\\.")).put("type", "string");
      }
    }
    schema.put("additionalProperties", false);
    return schema;
  }
}
