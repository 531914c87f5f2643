package dev.weir.connectors.nexmark;

import dev.weir.catalog.options.DescribedValue;
import dev.weir.catalog.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code nexmark} table holds: one of the three event shapes, with the columns (as in the
 * Nexmark-on-Flink views) each can fill, or every event in Nexmark-on-Flink's combined shape.
 */
public enum NexmarkTable implements DescribedValue {
  PERSON("person", "People who sell and bid: id, name, emailAddress, creditCard, city, state, dateTime, extra."),
  AUCTION("auction", "Items for sale: id, itemName, description, initialBid, reserve, dateTime, expires, seller,"
      + " category, extra."),
  BID("bid", "Bids on auctions: auction, bidder, price, channel, url, dateTime, extra."),
  EVENTS("events", "Every event, in Nexmark-on-Flink's shape: event_type INT (0 person, 1 auction, 2 bid) and the"
      + " ROW columns person, auction and bid, of which each row sets exactly the one of its type. The default.");

  /** The combined table's column that says which ROW column a row sets. */
  public static final String EVENT_TYPE = "event_type";

  private final String sqlName;
  private final String description;

  NexmarkTable(String sqlName, String description) {
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

  /** The event shapes, in the order of their {@code event_type} numbers. */
  public static final List<NexmarkTable> SHAPES = List.of(PERSON, AUCTION, BID);

  /** Column name to the kind of value it holds (a ROW of the shape's columns, for the combined table). */
  public Map<String, DataType.Kind> columns() {
    Map<String, DataType.Kind> c = new LinkedHashMap<>();
    DataType.Kind bigint = DataType.Kind.BIGINT;
    DataType.Kind text = DataType.Kind.VARCHAR;
    DataType.Kind time = DataType.Kind.TIMESTAMP;
    switch (this) {
      case EVENTS -> {
        c.put(EVENT_TYPE, DataType.Kind.INTEGER);
        SHAPES.forEach(shape -> c.put(shape.sqlName(), DataType.Kind.ROW));
        return c;
      }
      case PERSON -> {
        c.put("id", bigint);
        c.put("name", text);
        c.put("emailAddress", text);
        c.put("creditCard", text);
        c.put("city", text);
        c.put("state", text);
      }
      case AUCTION -> {
        c.put("id", bigint);
        c.put("itemName", text);
        c.put("description", text);
        c.put("initialBid", bigint);
        c.put("reserve", bigint);
        c.put("expires", time);
        c.put("seller", bigint);
        c.put("category", bigint);
      }
      case BID -> {
        c.put("auction", bigint);
        c.put("bidder", bigint);
        c.put("price", bigint);
        c.put("channel", text);
        c.put("url", text);
      }
    }
    c.put("dateTime", time);
    c.put("extra", text);
    return c;
  }
}
