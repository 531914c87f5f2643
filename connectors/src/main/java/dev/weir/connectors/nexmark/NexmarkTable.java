package dev.weir.connectors.nexmark;

import dev.weir.catalog.options.DescribedValue;
import dev.weir.catalog.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/** The three event shapes, with the columns (as in the Nexmark-on-Flink views) each can fill. */
public enum NexmarkTable implements DescribedValue {
  PERSON("person", "People who sell and bid: id, name, emailAddress, creditCard, city, state, dateTime, extra."),
  AUCTION("auction", "Items for sale: id, itemName, description, initialBid, reserve, dateTime, expires, seller,"
      + " category, extra."),
  BID("bid", "Bids on auctions: auction, bidder, price, channel, url, dateTime, extra.");

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

  /** Column name to the kind of value it holds. */
  public Map<String, DataType.Kind> columns() {
    Map<String, DataType.Kind> c = new LinkedHashMap<>();
    DataType.Kind bigint = DataType.Kind.BIGINT;
    DataType.Kind text = DataType.Kind.VARCHAR;
    DataType.Kind time = DataType.Kind.TIMESTAMP;
    switch (this) {
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
