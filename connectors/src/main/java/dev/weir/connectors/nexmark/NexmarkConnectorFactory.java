package dev.weir.connectors.nexmark;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorFactory;
import dev.weir.catalog.connector.Direction;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.options.ConfigOption;
import dev.weir.catalog.options.ResolvedOptions;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code nexmark}: the standard Nexmark event generator as a source, with the option names of the
 * Nexmark-on-Flink connector (and their newer spellings as aliases).
 */
public final class NexmarkConnectorFactory implements ConnectorFactory {
  public static final ConfigOption<NexmarkTable> TABLE = ConfigOption.enumeration("table", NexmarkTable.class)
      .defaultValue(NexmarkTable.EVENTS)
      .withDescription("Which events this table holds: one shape as plain columns, or every event (the default).");
  public static final ConfigOption<Long> EVENTS = ConfigOption.longInteger("events.num").defaultValue(0L)
      .withDescription("How many events to generate, of all kinds (the source is then bounded); 0 runs forever.");
  public static final ConfigOption<Double> FIRST_EVENT_RATE = ConfigOption.decimal("first-event.rate")
      .defaultValue(10_000.0)
      .withDescription("Events per second of event time: event n happens at base time + n / rate (unless"
          + " next-event.rate differs). 0 means the default, 10000.");
  public static final ConfigOption<Double> NEXT_EVENT_RATE = ConfigOption.decimal("next-event.rate")
      .withDescription("A second rate in events per second: when it differs from first-event.rate, event times"
          + " follow rate.shape between the two, every rate.period. Unset: first-event.rate throughout.");
  public static final ConfigOption<RateShape> RATE_SHAPE = ConfigOption.enumeration("rate.shape", RateShape.class)
      .defaultValue(RateShape.SQUARE)
      .withDescription("How the rate moves between first-event.rate and next-event.rate.");
  public static final ConfigOption<Duration> RATE_PERIOD = ConfigOption.duration("rate.period")
      .defaultValue(Duration.ofMinutes(10))
      .withDescription("The period of rate.shape, in event time.");
  public static final ConfigOption<Boolean> RATE_LIMITED = ConfigOption.bool("rate.limited").defaultValue(false)
      .withDescription("Hold emission to the events' times in wall-clock time; otherwise events are generated as"
          + " fast as possible (event time is logical either way).");
  public static final ConfigOption<Integer> PERSON_PROPORTION = ConfigOption.integer("person.proportion")
      .defaultValue(1).withDescription("Persons among every (person + auction + bid) proportion events.");
  public static final ConfigOption<Integer> AUCTION_PROPORTION = ConfigOption.integer("auction.proportion")
      .defaultValue(3).withDescription("Auctions among every (person + auction + bid) proportion events.");
  public static final ConfigOption<Integer> BID_PROPORTION = ConfigOption.integer("bid.proportion")
      .defaultValue(46).withDescription("Bids among every (person + auction + bid) proportion events.");
  public static final ConfigOption<Integer> HOT_AUCTION_RATIO = ConfigOption.integer("hot-auction.ratio")
      .defaultValue(2).withFallbackKeys("bid.hot-ratio.auctions")
      .withDescription("1 - 1/ratio of bids go to a hot auction.");
  public static final ConfigOption<Integer> HOT_SELLER_RATIO = ConfigOption.integer("hot-seller.ratio")
      .defaultValue(4).withFallbackKeys("auction.hot-ratio.sellers")
      .withDescription("1 - 1/ratio of auctions have a hot seller.");
  public static final ConfigOption<Integer> HOT_BIDDER_RATIO = ConfigOption.integer("hot-bidder.ratio")
      .defaultValue(4).withFallbackKeys("bid.hot-ratio.bidders")
      .withDescription("1 - 1/ratio of bids come from a hot bidder.");
  public static final ConfigOption<Long> FIRST_EVENT_ID = ConfigOption.longInteger("first-event.id").defaultValue(0L)
      .withDescription("The id of the first event; ids decide each event's kind.");
  public static final ConfigOption<Long> SEED = ConfigOption.longInteger("seed").defaultValue(0L)
      .withDescription("Varies the generated values; the same seed gives the same events.");
  public static final ConfigOption<Long> PERSON_SIZE = ConfigOption.memorySize("person.avg-size").defaultValue(200L)
      .withDescription("Average size of a person in bytes, reached by padding the 'extra' field.");
  public static final ConfigOption<Long> AUCTION_SIZE = ConfigOption.memorySize("auction.avg-size").defaultValue(500L)
      .withDescription("Average size of an auction in bytes, reached by padding the 'extra' field.");
  public static final ConfigOption<Long> BID_SIZE = ConfigOption.memorySize("bid.avg-size").defaultValue(100L)
      .withDescription("Average size of a bid in bytes, reached by padding the 'extra' field.");

  @Override
  public String name() {
    return "nexmark";
  }

  @Override
  public String description() {
    return "The standard Nexmark generator: persons, auctions and bids with hot items and logical event time.";
  }

  @Override
  public Direction direction() {
    return Direction.SOURCE;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(TABLE, EVENTS, FIRST_EVENT_RATE, NEXT_EVENT_RATE, RATE_SHAPE, RATE_PERIOD, RATE_LIMITED, PERSON_PROPORTION,
        AUCTION_PROPORTION, BID_PROPORTION, HOT_AUCTION_RATIO, HOT_SELLER_RATIO, HOT_BIDDER_RATIO, FIRST_EVENT_ID, SEED,
        PERSON_SIZE, AUCTION_SIZE, BID_SIZE);
  }

  @Override
  public void validate(TableSpec table) {
    NexmarkTable kind = table.options().get(TABLE);
    for (Column c : table.schema().physicalColumns()) {
      check("Column '" + c.name() + "' of " + table.describe(), kind, c.name(), c.type());
      if (c.type().kind() == DataType.Kind.ROW) {
        NexmarkTable shape = NexmarkTable.SHAPES.stream().filter(t -> t.sqlName().equals(c.name())).findFirst()
            .orElseThrow();
        for (DataType.RowField f : c.type().fields()) {
          check("Field '" + f.name() + "' of column '" + c.name() + "' of " + table.describe(), shape, f.name(),
              f.type());
        }
      }
    }
    config(table.options());
  }

  /** Checks that the generator gives {@code shape}'s column (or ROW field) {@code name} of {@code type}'s kind. */
  private static void check(String what, NexmarkTable shape, String name, DataType type) {
    Map<String, DataType.Kind> provided = shape.columns();
    DataType.Kind k = provided.get(name);
    if (k == null) {
      throw new ValidationException(what + " is not a field of " + (shape == NexmarkTable.EVENTS
          ? "the combined Nexmark table" : "a Nexmark " + shape.sqlName()) + "; the fields are: "
          + String.join(", ", provided.keySet()) + ".");
    }
    if (k != type.kind()) {
      String given = switch (k) {
        case TIMESTAMP -> "TIMESTAMP(3)";
        case ROW -> "a ROW of " + name + " fields";
        default -> k.name();
      };
      throw new ValidationException(what + " has type " + type.sql() + ", but the Nexmark generator gives " + given + ".");
    }
  }

  static NexmarkConfig config(ResolvedOptions o) {
    for (ConfigOption<Integer> positive : List.of(HOT_AUCTION_RATIO, HOT_SELLER_RATIO, HOT_BIDDER_RATIO)) {
      if (o.get(positive) < 1) {
        throw new ValidationException("Invalid value for option '" + positive.key() + "' of connector 'nexmark':"
            + " must be at least 1.");
      }
    }
    for (ConfigOption<Integer> proportion : List.of(PERSON_PROPORTION, AUCTION_PROPORTION, BID_PROPORTION)) {
      if (o.get(proportion) < 1) {
        throw new ValidationException("Invalid value for option '" + proportion.key() + "' of connector 'nexmark':"
            + " must be at least 1.");
      }
    }
    double rate = o.get(FIRST_EVENT_RATE);
    double nextRate = o.getOptional(NEXT_EVENT_RATE).orElse(rate);
    for (ConfigOption<Double> r : List.of(FIRST_EVENT_RATE, NEXT_EVENT_RATE)) {
      if (o.getOptional(r).orElse(0.0) < 0) {
        throw new ValidationException("Invalid value for option '" + r.key() + "' of connector 'nexmark': must not be"
            + " negative.");
      }
    }
    if (o.get(RATE_PERIOD).toMillis() < 2) {
      throw new ValidationException("Invalid value for option 'rate.period' of connector 'nexmark': must be at least"
          + " 2 ms.");
    }
    rate = rate == 0 ? 10_000.0 : rate;
    RateSchedule schedule = RateSchedule.of(rate, nextRate == 0 ? rate : nextRate, o.get(RATE_SHAPE),
        o.get(RATE_PERIOD));
    if (o.get(EVENTS) < 0 || o.get(FIRST_EVENT_ID) < 0) {
      throw new ValidationException("Invalid value for option 'events.num' or 'first-event.id' of connector 'nexmark':"
          + " must not be negative.");
    }
    for (ConfigOption<Long> size : List.of(PERSON_SIZE, AUCTION_SIZE, BID_SIZE)) {
      if (o.get(size) > 1 << 19) { // padding is cut from a pool of 1 MB of letters
        throw new ValidationException("Invalid value for option '" + size.key() + "' of connector 'nexmark': must be"
            + " at most 512kb.");
      }
    }
    return new NexmarkConfig(o.get(EVENTS), schedule, o.get(RATE_LIMITED), o.get(PERSON_PROPORTION),
        o.get(AUCTION_PROPORTION), o.get(BID_PROPORTION), o.get(HOT_AUCTION_RATIO), o.get(HOT_SELLER_RATIO),
        o.get(HOT_BIDDER_RATIO), o.get(FIRST_EVENT_ID), o.get(SEED), o.get(PERSON_SIZE).intValue(),
        o.get(AUCTION_SIZE).intValue(), o.get(BID_SIZE).intValue(), NexmarkConfig.BASE_TIME);
  }

  @Override
  public Source createSource(TableSpec table) {
    return new NexmarkSource(config(table.options()), table.options().get(TABLE));
  }
}
