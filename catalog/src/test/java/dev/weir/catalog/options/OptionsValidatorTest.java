package dev.weir.catalog.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.DeliveryGuarantee;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsValidatorTest {
  static final ConfigOption<String> PATH = ConfigOption.string("path").required().withDescription("Where.");
  static final ConfigOption<Integer> SIZE = ConfigOption.integer("size").defaultValue(10).withDescription("How many.");
  static final ConfigOption<Duration> EVERY = ConfigOption.duration("every").withDescription("How often.");
  static final ConfigOption<DeliveryGuarantee> MODE = ConfigOption.enumeration("mode", DeliveryGuarantee.class)
      .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE).withFallbackKeys("commit_mode").withDescription("Guarantee.");
  static final List<ConfigOption<?>> ALL = List.of(PATH, SIZE, EVERY, MODE);

  private static ResolvedOptions validate(Map<String, String> given) {
    return OptionsValidator.validate("connector 'x'", given, ALL, List.of("properties."));
  }

  @Test
  void parsesTypedValuesAppliesDefaultsAndPassesPrefixesThrough() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("path", "/tmp");
    given.put("every", "5 min");
    given.put("commit_mode", "exactly-once");
    given.put("properties.acks", "all");
    ResolvedOptions o = validate(given);
    assertEquals("/tmp", o.get(PATH));
    assertEquals(10, o.get(SIZE));
    assertFalse(o.contains(SIZE));
    assertEquals(Duration.ofMinutes(5), o.get(EVERY));
    assertEquals(DeliveryGuarantee.EXACTLY_ONCE, o.get(MODE));
    assertEquals(Map.of("acks", "all"), o.withPrefix("properties."));
  }

  @Test
  void theMainKeyWinsOverAFallbackKey() {
    ResolvedOptions o = validate(Map.of("path", "p", "mode", "none", "commit_mode", "exactly-once"));
    assertEquals(DeliveryGuarantee.NONE, o.get(MODE));
  }

  @Test
  void eachKindOfMistakeIsOneClearLine() {
    assertEquals("Unknown option 'pth' for connector 'x'. Did you mean 'path'? Supported options: every,"
        + " mode, path, properties.*, size.",
        assertThrows(ValidationException.class, () -> validate(Map.of("pth", "p"))).getMessage());
    assertEquals("Missing required option 'path' for connector 'x': Where.",
        assertThrows(ValidationException.class, () -> validate(Map.of())).getMessage());
    assertEquals("Invalid value 'ten' for option 'size' of connector 'x': not an integer (expected INT).",
        assertThrows(ValidationException.class, () -> validate(Map.of("path", "p", "size", "ten"))).getMessage());
    assertEquals("Invalid value '5 fortnights' for option 'every' of connector 'x': unknown time unit 'fortnights'"
        + " (use ms, s, min, h or d) (expected DURATION).",
        assertThrows(ValidationException.class, () -> validate(Map.of("path", "p", "every", "5 fortnights")))
            .getMessage());
    assertEquals("Invalid value 'exactly-one' for option 'mode' of connector 'x': allowed values are 'none',"
        + " 'at-least-once', 'exactly-once'. Did you mean 'exactly-once'?",
        assertThrows(ValidationException.class, () -> validate(Map.of("path", "p", "mode", "exactly-one")))
            .getMessage());
  }

  @Test
  void didYouMeanOnlySuggestsCloseWords() {
    assertEquals("path", DidYouMean.closest("pth", List.of("path", "size")).orElseThrow());
    assertTrue(DidYouMean.closest("completely-different", List.of("path", "size")).isEmpty());
  }

  @Test
  void jsonSchemaIsGeneratedFromTheDeclarations() {
    var schema = JsonSchemas.of("x", ALL, List.of("properties."));
    assertEquals("http://json-schema.org/draft-07/schema#", schema.get("$schema").asText());
    assertEquals("[\"path\"]", schema.get("required").toString());
    assertEquals("integer", schema.at("/properties/size/type").asText());
    assertEquals(10, schema.at("/properties/size/default").asInt());
    assertEquals("[\"none\",\"at-least-once\",\"exactly-once\"]", schema.at("/properties/mode/enum").toString());
    assertEquals("[\"commit_mode\"]", schema.at("/properties/mode/x-aliases").toString());
    assertFalse(schema.get("additionalProperties").asBoolean());
  }
}
