package dev.weir.connectors.format.avro;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.weir.catalog.connector.ConnectorException;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The two calls of the Confluent Schema Registry's REST API that the wire format needs: register a
 * schema under a subject (getting its id), and fetch a schema by id. Answers are cached: an id
 * always names the same schema. No Confluent client is on Maven Central, so this talks HTTP itself.
 */
final class SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final JsonFactory JSON = new JsonFactory();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> registered = new ConcurrentHashMap<>();

  SchemaRegistryClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** The id of {@code schema} under {@code subject}, registering it if it is new there. */
  int register(String subject, Schema schema) {
    return registered.computeIfAbsent(subject + "\n" + schema, k -> {
      StringWriter body = new StringWriter();
      try (JsonGenerator g = JSON.createGenerator(body)) {
        g.writeStartObject();
        g.writeStringField("schema", schema.toString());
        g.writeEndObject();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      String answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/"
          + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions"))
          .timeout(REQUEST_TIMEOUT).header("Content-Type", CONTENT_TYPE)
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), "register a schema under '" + subject + "'",
          -1);
      int id = (int) number(answer, "id");
      byId.putIfAbsent(id, schema);
      return id;
    });
  }

  /** A schema id the registry does not know: the record that names it is a bad record, not a failure of the registry. */
  static final class UnknownSchemaException extends RuntimeException {
    UnknownSchemaException(int id) {
      super("the schema registry has no schema with id " + id);
    }
  }

  /** The schema registered with {@code id}. */
  Schema schema(int id) {
    return byId.computeIfAbsent(id, i -> {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + i))
          .timeout(REQUEST_TIMEOUT).header("Accept", CONTENT_TYPE).GET().build();
      String answer = send(request, "fetch the schema with id " + i, i);
      return new Schema.Parser().parse(text(answer, "schema"));
    });
  }

  /** Sends a request; a 404 for schema {@code id} (when not -1) is an {@link UnknownSchemaException}. */
  private String send(HttpRequest request, String what, int id) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ConnectorException("Cannot " + what + " at the schema registry " + baseUrl + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("Interrupted while asking the schema registry " + baseUrl, true, e);
    }
    if (response.statusCode() == 404 && id >= 0) {
      throw new UnknownSchemaException(id);
    }
    if (response.statusCode() / 100 != 2) {
      throw new ConnectorException("The schema registry " + baseUrl + " refused to " + what + ": HTTP "
          + response.statusCode() + " " + response.body(), response.statusCode() >= 500);
    }
    return response.body();
  }

  private static Object field(String json, String name) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if (field.equals(name)) {
            return t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : p.getText();
          }
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new ConnectorException("The schema registry answered with malformed JSON: " + json, false, e);
    }
    throw new ConnectorException("The schema registry's answer has no '" + name + "': " + json, false);
  }

  private static long number(String json, String name) {
    return ((Number) field(json, name)).longValue();
  }

  private static String text(String json, String name) {
    return (String) field(json, name);
  }
}
