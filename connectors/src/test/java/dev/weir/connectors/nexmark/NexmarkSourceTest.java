package dev.weir.connectors.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorMetrics;
import dev.weir.catalog.connector.ConnectorRegistry;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.TableValidator;
import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.schema.TableSchema;
import dev.weir.catalog.types.DataType;
import dev.weir.catalog.types.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The generator through the connector SPI, without SQL: what it produces, and that it is deterministic. */
class NexmarkSourceTest {
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();

  /** Every column the table can have; for the combined table, ROW columns of every field. */
  private static List<Column> columns(NexmarkTable table) {
    List<Column> columns = new ArrayList<>();
    table.columns().forEach((name, kind) -> columns.add(Column.physical(name, kind == DataType.Kind.ROW
        ? DataType.row(fields(NexmarkTable.valueOf(name.toUpperCase(java.util.Locale.ROOT)))) : DataType.of(kind))));
    return columns;
  }

  private static List<DataType.RowField> fields(NexmarkTable shape) {
    List<DataType.RowField> fields = new ArrayList<>();
    shape.columns().forEach((name, kind) -> fields.add(new DataType.RowField(name, DataType.of(kind))));
    return fields;
  }

  private static TableSpec spec(NexmarkTable table, Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(Map.of("connector", "nexmark", "table", table.sqlName()));
    options.putAll(extra);
    return TableValidator.validate("t", TableSchema.of(columns(table)), options, REGISTRY);
  }

  /** Every row, as text, read by {@code parallelism} readers one after another. */
  private static List<List<String>> read(NexmarkTable table, Map<String, String> options, int parallelism)
      throws Exception {
    return read(spec(table, options), parallelism);
  }

  private static List<List<String>> read(TableSpec spec, int parallelism) throws Exception {
    List<Column> columns = spec.schema().physicalColumns();
    Source source = spec.connector().createSource(spec);
    List<List<String>> rows = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      var splits = source.splits(parallelism);
      for (int r = 0; r < parallelism; r++) {
        ReaderContext ctx = new ReaderContext(allocator, columns, r, parallelism, 500, ConnectorMetrics.NONE);
        try (SourceReader reader = source.createReader(List.of(splits.get(r)), ctx)) {
          while (!reader.isFinished()) {
            VectorSchemaRoot batch = reader.poll();
            if (batch == null) {
              continue;
            }
            try (batch) {
              for (int i = 0; i < batch.getRowCount(); i++) {
                List<String> row = new ArrayList<>();
                for (var v : batch.getFieldVectors()) {
                  row.add(Values.text(v, i));
                }
                rows.add(row);
              }
            }
          }
        }
      }
    }
    return rows;
  }

  @Test
  void eventsComeInTheStandardProportions() throws Exception {
    Map<String, String> options = Map.of("events.num", "10000");
    assertEquals(200, read(NexmarkTable.PERSON, options, 1).size());
    assertEquals(600, read(NexmarkTable.AUCTION, options, 1).size());
    assertEquals(9200, read(NexmarkTable.BID, options, 1).size());
    Map<String, String> skewed = Map.of("events.num", "10000", "person.proportion", "5", "auction.proportion", "5",
        "bid.proportion", "40");
    assertEquals(1000, read(NexmarkTable.PERSON, skewed, 1).size());
    assertEquals(8000, read(NexmarkTable.BID, skewed, 1).size());
  }

  @Test
  void theSameOptionsGiveTheSameEventsAtAnyParallelism() throws Exception {
    Map<String, String> options = Map.of("events.num", "25000");
    for (NexmarkTable table : NexmarkTable.values()) {
      List<List<String>> one = read(table, options, 1);
      List<List<String>> three = read(table, options, 3);
      assertEquals(sorted(one), sorted(three), table + " differs between parallelism 1 and 3");
    }
    List<List<String>> otherSeed = read(NexmarkTable.BID, Map.of("events.num", "25000", "seed", "7"), 1);
    assertNotEquals(sorted(read(NexmarkTable.BID, options, 1)), sorted(otherSeed), "the seed changes the events");
  }

  private static List<String> sorted(List<List<String>> rows) {
    return rows.stream().map(r -> String.join("|", r)).sorted().toList();
  }

  @Test
  void idsTimesAndHotItemsFollowTheGenerator() throws Exception {
    List<List<String>> persons = read(NexmarkTable.PERSON, Map.of("events.num", "5000"), 1);
    for (int i = 0; i < persons.size(); i++) {
      assertEquals(String.valueOf(1000 + i), persons.get(i).get(0), "person ids are dense from 1000");
      // person i is event 50 * i: at 10,000 events/s, 5 ms apart from 2015-07-15 00:00:00
      assertEquals(String.format("2015-07-15 00:00:%02d.%03d", (i * 5) / 1000, (i * 5) % 1000), persons.get(i).get(6));
      assertTrue(persons.get(i).get(3).matches("\\d{4} \\d{4} \\d{4} \\d{4}"), persons.get(i).get(3));
    }
    List<List<String>> bids = read(NexmarkTable.BID, Map.of("events.num", "50000"), 1);
    long hotAuctions = bids.stream().filter(b -> Long.parseLong(b.get(0)) % 100 == 0).count();
    // hot-auction.ratio 2: about half of the bids go to the hot auction (plus a few cold picks that land on one)
    assertTrue(hotAuctions > bids.size() * 0.45 && hotAuctions < bids.size() * 0.6, "hot bids: " + hotAuctions);
    long hotBidders = bids.stream().filter(b -> Long.parseLong(b.get(1)) % 100 == 1).count();
    assertTrue(hotBidders > bids.size() * 0.7, "hot bidders: " + hotBidders);
    for (List<String> b : bids) {
      long price = Long.parseLong(b.get(2));
      assertTrue(price >= 100 && price <= 100_000_000L, "price " + price);
      assertTrue(b.get(4).startsWith("https://www.nexmark.com/"), b.get(4));
      int size = b.get(6).length();
      assertTrue(size >= 54 && size <= 82, "bid extra padding: " + size);
    }
    List<List<String>> auctions = read(NexmarkTable.AUCTION, Map.of("events.num", "5000"), 1);
    for (List<String> a : auctions) {
      assertTrue(Long.parseLong(a.get(4)) > Long.parseLong(a.get(3)), "reserve above initial bid");
      assertTrue(a.get(8).compareTo(a.get(5)) < 0, "an auction expires after it starts (dateTime, expires): " + a);
      long category = Long.parseLong(a.get(7));
      assertTrue(category >= 10 && category < 15, "category " + category);
    }
  }

  @Test
  void theLogicalRateSpacesEventTime() throws Exception {
    List<List<String>> persons = read(NexmarkTable.PERSON, Map.of("events.num", "200", "first-event.rate", "100"), 1);
    // at 100 events/s, person i (event 50 i) is at i * 0.5 s
    assertEquals("2015-07-15 00:00:01.500", persons.get(3).get(6));
  }

  @Test
  void badOptionsAndColumnsAreRefused() {
    assertEquals("Invalid value 'persons' for option 'table' of connector 'nexmark': allowed values are 'person',"
        + " 'auction', 'bid', 'events'. Did you mean 'person'?",
        assertThrows(ValidationException.class, () -> spec(NexmarkTable.valueOf("PERSON"), Map.of("table", "persons")))
            .getMessage());
    assertEquals("Invalid value for option 'hot-auction.ratio' of connector 'nexmark': must be at least 1.",
        assertThrows(ValidationException.class, () -> spec(NexmarkTable.BID, Map.of("hot-auction.ratio", "0")))
            .getMessage());
    Map<String, String> options = Map.of("connector", "nexmark", "table", "bid");
    assertEquals("Column 'seller' of table 't' is not a field of a Nexmark bid; the fields are: auction, bidder, price,"
        + " channel, url, dateTime, extra.",
        assertThrows(ValidationException.class, () -> TableValidator.validate("t",
            TableSchema.of(List.of(Column.physical("seller", DataType.bigint()))), options, REGISTRY)).getMessage());
    assertEquals("Column 'price' of table 't' has type INTEGER, but the Nexmark generator gives BIGINT.",
        assertThrows(ValidationException.class, () -> TableValidator.validate("t",
            TableSchema.of(List.of(Column.physical("price", DataType.of(DataType.Kind.INTEGER)))), options, REGISTRY))
            .getMessage());
  }

  @Test
  void theCombinedTableSetsOneRowColumnPerEvent() throws Exception {
    List<List<String>> events = read(NexmarkTable.EVENTS, Map.of("events.num", "10000"), 1);
    assertEquals(10000, events.size(), "one row per event");
    int[] counts = new int[3];
    for (List<String> e : events) {
      int type = Integer.parseInt(e.get(0));
      counts[type]++;
      for (int t = 0; t < 3; t++) {
        assertEquals(t == type, e.get(1 + t) != null, "event_type " + type + " sets ROW column " + t + " only: " + e);
      }
    }
    assertEquals(List.of(200, 600, 9200), List.of(counts[0], counts[1], counts[2]));
  }

  @Test
  void theCombinedTablesEventsEqualTheFlatTablesRows() throws Exception {
    Map<String, String> options = Map.of("events.num", "30000");
    for (int parallelism : new int[] {1, 2}) {
      List<List<String>> events = read(NexmarkTable.EVENTS, options, parallelism);
      for (NexmarkTable shape : NexmarkTable.SHAPES) {
        List<String> fromEvents = new ArrayList<>();
        for (List<String> e : events) {
          if (Integer.parseInt(e.get(0)) == shape.ordinal()) {
            fromEvents.add(e.get(1 + shape.ordinal()));
          }
        }
        List<String> flat = read(shape, options, parallelism).stream()
            .map(r -> "(" + String.join(", ", r) + ")").toList();
        assertTrue(flat.size() > 100, shape + " has rows");
        assertEquals(parallelism == 1 ? flat : sorted(flat), parallelism == 1 ? fromEvents : sorted(fromEvents),
            shape + " rows differ between the combined and the flat table at parallelism " + parallelism);
      }
    }
  }

  private static List<String> sorted(java.util.Collection<String> rows) {
    return rows.stream().sorted().toList();
  }

  @Test
  void aCombinedTableMayDeclareSomeColumnsAndFieldsInAnyOrder() throws Exception {
    TableSpec spec = TableValidator.validate("t", TableSchema.of(List.of(
        Column.physical("bid", DataType.row(List.of(new DataType.RowField("price", DataType.bigint()),
            new DataType.RowField("auction", DataType.bigint())))))),
        Map.of("connector", "nexmark", "events.num", "5000"), REGISTRY);
    List<String> bids = read(spec, 1).stream().map(r -> r.get(0)).filter(java.util.Objects::nonNull).toList();
    List<String> flat = read(NexmarkTable.BID, Map.of("events.num", "5000"), 1).stream()
        .map(r -> "(" + r.get(2) + ", " + r.get(0) + ")").toList();
    assertEquals(flat, bids);
  }

  @Test
  void badCombinedColumnsAreRefused() {
    Map<String, String> options = Map.of("connector", "nexmark");
    assertEquals("Field 'nam' of column 'person' of table 't' is not a field of a Nexmark person; the fields are: id,"
        + " name, emailAddress, creditCard, city, state, dateTime, extra.",
        assertThrows(ValidationException.class, () -> TableValidator.validate("t", TableSchema.of(List.of(
            Column.physical("person", DataType.row(List.of(new DataType.RowField("nam", DataType.varchar())))))),
            options, REGISTRY)).getMessage());
    assertEquals("Column 'bid' of table 't' has type BIGINT, but the Nexmark generator gives a ROW of bid fields.",
        assertThrows(ValidationException.class, () -> TableValidator.validate("t",
            TableSchema.of(List.of(Column.physical("bid", DataType.bigint()))), options, REGISTRY)).getMessage());
    assertEquals("Column 'price' of table 't' is not a field of the combined Nexmark table; the fields are:"
        + " event_type, person, auction, bid.",
        assertThrows(ValidationException.class, () -> TableValidator.validate("t",
            TableSchema.of(List.of(Column.physical("price", DataType.bigint()))), options, REGISTRY)).getMessage());
    assertEquals("Field 'expires' of column 'auction' of table 't' has type VARCHAR, but the Nexmark generator gives"
        + " TIMESTAMP(3).",
        assertThrows(ValidationException.class, () -> TableValidator.validate("t", TableSchema.of(List.of(
            Column.physical("auction", DataType.row(List.of(new DataType.RowField("expires", DataType.varchar())))))),
            options, REGISTRY)).getMessage());
  }
}
