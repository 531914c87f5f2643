package dev.weir.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.RecordDecodeException;
import dev.weir.catalog.options.OptionsValidator;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import dev.weir.connectors.format.csv.CsvFormatFactory;
import dev.weir.connectors.format.json.JsonFormatFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** JSON and CSV: decode into vectors, encode back, and refuse what is malformed with a reason. */
class FormatsTest {
  static final List<Column> COLUMNS = List.of(Column.physical("id", DataType.bigint()),
      Column.physical("name", DataType.varchar()), Column.physical("price", DataType.decimal(10, 2)),
      Column.physical("ok", DataType.of(DataType.Kind.BOOLEAN)), Column.physical("at", DataType.timestamp()));

  private static FormatContext context(Map<String, String> options, JsonFormatFactory json, CsvFormatFactory csv) {
    List<dev.weir.catalog.options.ConfigOption<?>> declared = new ArrayList<>(json.options());
    declared.addAll(csv.options());
    return new FormatContext(COLUMNS, OptionsValidator.validate("test", options, declared, List.of()));
  }

  private static List<String> decodeAll(Decoder decoder, List<String> lines) throws RecordDecodeException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(TableSchema.arrowSchema(COLUMNS), allocator)) {
      root.allocateNew();
      int row = 0;
      for (String line : lines) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        if (decoder.decode(b, 0, b.length, root, row)) {
          row++;
        }
      }
      root.setRowCount(row);
      List<String> out = new ArrayList<>();
      for (int r = 0; r < row; r++) {
        List<String> values = new ArrayList<>();
        for (var v : root.getFieldVectors()) {
          values.add(String.valueOf(Values.text(v, r)));
        }
        out.add(String.join("|", values));
      }
      return out;
    }
  }

  @Test
  void jsonRoundTrip() throws Exception {
    JsonFormatFactory json = new JsonFormatFactory();
    FormatContext ctx = context(Map.of(), json, new CsvFormatFactory());
    List<String> rows = decodeAll(json.createDecoder(ctx), List.of(
        "{\"id\": 1, \"name\": \"a\", \"price\": 1.5, \"ok\": true, \"at\": \"2015-07-15 00:00:01.5\", \"x\": [1]}",
        "{\"name\": \"only name\"}",
        "{\"id\": \"7\", \"price\": \"2.345\", \"ok\": \"false\", \"at\": 1000}"));
    assertEquals(List.of("1|a|1.50|true|2015-07-15 00:00:01.500", "null|only name|null|null|null",
        "7|null|2.35|false|1970-01-01 00:00:01.000"), rows);

    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(TableSchema.arrowSchema(COLUMNS), allocator)) {
      root.allocateNew();
      byte[] b = "{\"id\": 1, \"name\": \"a\\\"b\", \"price\": 1.5, \"ok\": true, \"at\": \"2015-07-15T00:00:01Z\"}"
          .getBytes(StandardCharsets.UTF_8);
      json.createDecoder(ctx).decode(b, 0, b.length, root, 0);
      root.setRowCount(1);
      Encoder encoder = json.createEncoder(ctx);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      encoder.encode(root, 0, out);
      assertEquals("{\"id\":1,\"name\":\"a\\\"b\",\"price\":1.50,\"ok\":true,\"at\":\"2015-07-15 00:00:01.000\"}",
          out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void malformedJsonSaysWhy() {
    JsonFormatFactory json = new JsonFormatFactory();
    Decoder decoder = json.createDecoder(context(Map.of(), json, new CsvFormatFactory()));
    assertEquals("field 'id': column 'id' expects BIGINT but found the fraction 1.5",
        assertThrows(RecordDecodeException.class, () -> decodeAll(decoder, List.of("{\"id\": 1.5}"))).getMessage());
    assertEquals("field 'id': column 'id' (BIGINT) cannot hold 99999999999999999999",
        assertThrows(RecordDecodeException.class, () -> decodeAll(decoder, List.of("{\"id\": 99999999999999999999}")))
            .getMessage());
    assertEquals("field 'id': column 'id' (BIGINT) cannot hold 1E+30",
        assertThrows(RecordDecodeException.class, () -> decodeAll(decoder, List.of("{\"id\": 1e30}"))).getMessage());
    assertEquals("expected a JSON object but found an array",
        assertThrows(RecordDecodeException.class, () -> decodeAll(decoder, List.of("[1, 2]"))).getMessage());
    assertTrue(assertThrows(RecordDecodeException.class, () -> decodeAll(decoder, List.of("{\"id\": 1,")))
        .getMessage().startsWith("malformed JSON: Unexpected end-of-input"));
    assertEquals("field 'at': column 'at': 'yesterday' is not a timestamp (expected e.g. '2015-07-15 00:00:01.123'"
        + " or '2015-07-15T00:00:01.123Z')",
        assertThrows(RecordDecodeException.class, () -> decodeAll(decoder, List.of("{\"at\": \"yesterday\"}")))
            .getMessage());
  }

  @Test
  void csvQuotingNullsAndComments() throws Exception {
    CsvFormatFactory csv = new CsvFormatFactory();
    FormatContext ctx = context(Map.of("csv.allow-comments", "true", "csv.null-literal", "\\N"),
        new JsonFormatFactory(), csv);
    List<String> rows = decodeAll(csv.createDecoder(ctx), List.of("# a comment", "1,\"a, b\",2.5,true,2015-07-15 00:00:00",
        "2,\\N,,,", "3,\"say \"\"hi\"\"\",0,false,"));
    assertEquals(List.of("1|a, b|2.50|true|2015-07-15 00:00:00.000", "2|null|null|null|null",
        "3|say \"hi\"|0.00|false|null"), rows);
    assertEquals("field 1: column 'id' expects BIGINT but found 'x'",
        assertThrows(RecordDecodeException.class, () -> decodeAll(csv.createDecoder(ctx), List.of("x,a,1,true,")))
            .getMessage());
  }
}
