package dev.weir.sql.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry's REST API that the wire format uses (register under a
 * subject, fetch by id), served over real HTTP on loopback. The registry itself is not on Maven
 * Central; this stands in for it so that Weir's client is tested over the wire.
 */
final class TestSchemaRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<String> schemas = new ArrayList<>();
  private final List<String> subjects = new ArrayList<>();

  TestSchemaRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Registers a schema directly (as another producer would), returning its id. */
  synchronized int register(Schema schema) {
    String text = schema.toString();
    int known = schemas.indexOf(text);
    if (known >= 0) {
      return known + 1;
    }
    schemas.add(text);
    return schemas.size();
  }

  /** The subjects schemas were registered under, in order. */
  synchronized List<String> subjects() {
    return List.copyOf(subjects);
  }

  synchronized Schema schema(int id) {
    return new Schema.Parser().parse(schemas.get(id - 1));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body;
    int status = 200;
    if (exchange.getRequestMethod().equals("POST") && path.matches("/subjects/[^/]+/versions")) {
      Map<?, ?> request = JSON.readValue(exchange.getRequestBody(), Map.class);
      synchronized (this) {
        subjects.add(path.split("/")[2]);
      }
      body = JSON.writeValueAsString(Map.of("id", register(new Schema.Parser().parse((String) request.get("schema")))));
    } else if (exchange.getRequestMethod().equals("GET") && path.matches("/schemas/ids/\\d+")) {
      int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
      synchronized (this) {
        if (id < 1 || id > schemas.size()) {
          status = 404;
          body = "{\"error_code\": 40403, \"message\": \"Schema not found\"}";
        } else {
          body = JSON.writeValueAsString(Map.of("schema", schemas.get(id - 1)));
        }
      }
    } else {
      status = 404;
      body = "{\"error_code\": 404, \"message\": \"HTTP 404 Not Found\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
