package dev.weir.connectors.nexmark;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Writes Nexmark events straight into the vectors of a batch: no event objects, no per-value
 * strings. The random generator is reseeded from each event's id, so an event's content depends
 * only on its number and the seed — not on which reader produces it or what came before.
 *
 * <p>The draws follow the standard generator (Beam's and Nexmark-on-Flink's): names from fixed
 * lists, prices {@code round(10^(6u) * 100)}, hot auctions, sellers and bidders at the start of
 * each block of 100 ids, bids with Flink's {@code channel} and {@code url}, and {@code extra}
 * padding that brings each event near its average size. One reader, one instance.
 */
final class NexmarkGenerator {
  private static final byte[][] FIRST_NAMES = bytes("Peter,Paul,Luke,John,Saul,Vicky,Kate,Julie,Sarah,Deiter,Walter");
  private static final byte[][] LAST_NAMES = bytes("Shultz,Abrams,Spencer,White,Bartels,Walton,Smith,Jones,Noris");
  private static final byte[][] CITIES = bytes(
      "Phoenix,Los Angeles,San Francisco,Boise,Portland,Bend,Redmond,Seattle,Kent,Cheyenne");
  private static final byte[][] STATES = bytes("AZ,CA,ID,OR,WA,WY");
  private static final byte[][] HOT_CHANNELS = bytes("Google,Facebook,Baidu,Apple");
  private static final int CHANNELS = 10_000;
  private static final byte[][] CHANNEL_NAMES = new byte[CHANNELS][];
  private static final byte[] DOT_COM = ".com".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int n = 0; n < CHANNELS; n++) {
      CHANNEL_NAMES[n] = ("channel-" + n).getBytes(StandardCharsets.US_ASCII);
    }
  }
  private static final int EXTRA_SOURCE_SIZE = 1 << 20;
  private static final Map<Long, SeededData> SEEDED = new ConcurrentHashMap<>();

  /** What depends on the seed only: the URLs of channels and a pool of letters that extra fields are cut from. */
  private record SeededData(byte[][] hotUrls, byte[][] channelUrls, byte[] letters) {}

  private final NexmarkConfig config;
  private final SeededData seeded;
  private final PlainRandom random = new PlainRandom();
  private final byte[] text = new byte[256];
  private final byte[] email = new byte[32];
  private int textStart;
  private int textEnd;

  /** Where persons, auctions and bids go (each null when the table holds none of that shape). */
  private Target persons;
  private Target auctions;
  private Target bids;

  NexmarkGenerator(NexmarkConfig config) {
    this.config = config;
    this.seeded = SEEDED.computeIfAbsent(config.seed(), NexmarkGenerator::seededData);
  }

  private static byte[][] bytes(String commaSeparated) {
    String[] parts = commaSeparated.split(",");
    byte[][] out = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      out[i] = parts[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  private static SeededData seededData(long seed) {
    Random r = new Random(seed ^ 0x5DEECE66DL);
    byte[][] hot = new byte[HOT_CHANNELS.length][];
    for (int i = 0; i < hot.length; i++) {
      hot[i] = baseUrl(r).getBytes(StandardCharsets.US_ASCII);
    }
    byte[][] urls = new byte[CHANNELS][];
    for (int n = 0; n < CHANNELS; n++) {
      String u = baseUrl(r);
      if (r.nextInt(10) > 0) {
        u += "&channel_id=" + Math.abs(Integer.reverse(n));
      }
      urls[n] = u.getBytes(StandardCharsets.US_ASCII);
    }
    byte[] letters = new byte[EXTRA_SOURCE_SIZE];
    for (int i = 0; i < letters.length; i++) {
      letters[i] = (byte) ('a' + r.nextInt(26));
    }
    return new SeededData(hot, urls, letters);
  }

  private static String baseUrl(Random r) {
    return "https://www.nexmark.com/" + plainString(r, 5, '_') + '/' + plainString(r, 5, '_') + '/'
        + plainString(r, 5, '_') + '/' + "item.htm?query=1";
  }

  private static String plainString(Random r, int maxLength, char special) {
    int length = 3 + r.nextInt(maxLength - 3);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(r.nextInt(13) == 0 ? special : (char) ('a' + r.nextInt(26)));
    }
    return b.toString().trim();
  }

  /**
   * The vectors one event shape is written into, found by name: a flat table's columns or a ROW
   * column's children. A field is null where the table does not declare it.
   */
  private static final class Target {
    BigIntVector id;
    BigIntVector auction;
    BigIntVector bidder;
    BigIntVector price;
    BigIntVector initialBid;
    BigIntVector reserve;
    BigIntVector seller;
    BigIntVector category;
    VarCharVector name;
    VarCharVector emailAddress;
    VarCharVector creditCard;
    VarCharVector city;
    VarCharVector state;
    VarCharVector itemName;
    VarCharVector description;
    VarCharVector channel;
    VarCharVector url;
    VarCharVector extra;
    TimeStampVector dateTime;
    TimeStampVector expires;

    Target(Function<String, FieldVector> vectors) {
      id = (BigIntVector) vectors.apply("id");
      auction = (BigIntVector) vectors.apply("auction");
      bidder = (BigIntVector) vectors.apply("bidder");
      price = (BigIntVector) vectors.apply("price");
      initialBid = (BigIntVector) vectors.apply("initialBid");
      reserve = (BigIntVector) vectors.apply("reserve");
      seller = (BigIntVector) vectors.apply("seller");
      category = (BigIntVector) vectors.apply("category");
      name = (VarCharVector) vectors.apply("name");
      emailAddress = (VarCharVector) vectors.apply("emailAddress");
      creditCard = (VarCharVector) vectors.apply("creditCard");
      city = (VarCharVector) vectors.apply("city");
      state = (VarCharVector) vectors.apply("state");
      itemName = (VarCharVector) vectors.apply("itemName");
      description = (VarCharVector) vectors.apply("description");
      channel = (VarCharVector) vectors.apply("channel");
      url = (VarCharVector) vectors.apply("url");
      extra = (VarCharVector) vectors.apply("extra");
      dateTime = (TimeStampVector) vectors.apply("dateTime");
      expires = (TimeStampVector) vectors.apply("expires");
    }
  }

  /** Writes the events of shape {@code table} into the columns of {@code root} (a flat table). */
  void bind(VectorSchemaRoot root, NexmarkTable table) {
    Target target = new Target(root::getVector);
    persons = table == NexmarkTable.PERSON ? target : null;
    auctions = table == NexmarkTable.AUCTION ? target : null;
    bids = table == NexmarkTable.BID ? target : null;
  }

  /**
   * Writes each shape into the child vectors of its ROW column of {@code root} (the combined
   * table); a shape whose column the table does not declare is still drawn, and not written.
   */
  void bindRows(VectorSchemaRoot root) {
    persons = children(root, NexmarkTable.PERSON);
    auctions = children(root, NexmarkTable.AUCTION);
    bids = children(root, NexmarkTable.BID);
  }

  private static Target children(VectorSchemaRoot root, NexmarkTable shape) {
    StructVector struct = (StructVector) root.getVector(shape.sqlName());
    return new Target(struct == null ? name -> null : name -> struct.getChild(name));
  }

  // ---- the draws of the standard generator

  private long nextLong(long bound) {
    return bound < Integer.MAX_VALUE ? random.nextInt((int) bound) : Math.abs(random.nextLong() % bound);
  }

  private long nextPrice() {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  /** A random lower-case string of 3 to maxLength-1 characters with occasional spaces, trimmed, into {@link #text}. */
  private int nextString(int maxLength) {
    int length = 3 + random.nextInt(maxLength - 3);
    for (int i = 0; i < length; i++) {
      text[i] = random.nextInt(13) == 0 ? (byte) ' ' : (byte) ('a' + random.nextInt(26));
    }
    textStart = 0;
    textEnd = length;
    while (textStart < textEnd && text[textStart] == ' ') {
      textStart++;
    }
    while (textEnd > textStart && text[textEnd - 1] == ' ') {
      textEnd--;
    }
    return textEnd - textStart;
  }

  private void setText(VarCharVector v, int row) {
    if (v != null) {
      put(v, row, text, textStart, textEnd - textStart);
    }
  }

  /**
   * Sets row {@code row} of a text vector. In the combined table most rows of a shape's text
   * fields belong to other shapes and stay NULL; before the next value is set, Arrow would give
   * each row of such a gap its (empty) offsets one bounds-checked write after another. The gap's
   * offsets are written here at once instead.
   */
  private static void put(VarCharVector v, int row, byte[] bytes, int start, int length) {
    closeGap(v, row);
    v.setSafe(row, bytes, start, length);
  }

  /** Writes the offsets of the rows of {@code v} after the last one set and before {@code row}, which stay NULL. */
  private static void closeGap(VarCharVector v, int row) {
    int last = v.getLastSet();
    if (row <= last + 1 || (row + 1) * 4L > v.getOffsetBuffer().capacity()) {
      return; // nothing to close; or Arrow grows the vector and closes it
    }
    long offsets = v.getOffsetBuffer().memoryAddress();
    int end = MemoryUtil.getInt(offsets + (last + 1) * 4L);
    for (long at = offsets + (last + 2) * 4L, stop = offsets + (row + 1) * 4L; at < stop; at += 4) {
      MemoryUtil.putInt(at, end);
    }
    v.setLastSet(row - 1);
  }

  /** Closes the gaps after the last values of a batch of {@code rows} rows. */
  void finish(int rows) {
    for (Target t : new Target[] {persons, auctions, bids}) {
      if (t != null) {
        for (VarCharVector v : new VarCharVector[] {t.name, t.emailAddress, t.creditCard, t.city, t.state, t.itemName,
            t.description, t.channel, t.url, t.extra}) {
          if (v != null) {
            closeGap(v, rows);
          }
        }
      }
    }
  }

  /** Pads an event of {@code currentSize} bytes towards {@code averageSize} with letters. */
  private void writeExtra(Target v, int row, int currentSize, int averageSize) {
    int size = 0;
    if (currentSize <= averageSize) {
      int missing = averageSize - currentSize;
      int delta = (int) Math.round(missing * 0.2);
      size = missing - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
    }
    int offset = size == 0 ? 0 : random.nextInt(EXTRA_SOURCE_SIZE - size);
    if (v.extra != null) {
      put(v.extra, row, seeded.letters(), offset, size);
    }
  }

  private long nextBase0PersonId(long eventId) {
    long people = config.lastBase0PersonId(eventId) + 1;
    long active = Math.min(people, NexmarkConfig.NUM_ACTIVE_PEOPLE);
    return people - active + nextLong(active + NexmarkConfig.PERSON_ID_LEAD);
  }

  private long nextBase0AuctionId(long eventId) {
    long max = config.lastBase0AuctionId(eventId);
    long min = Math.max(max - NexmarkConfig.NUM_IN_FLIGHT_AUCTIONS, 0);
    return min + nextLong(max - min + 1 + NexmarkConfig.AUCTION_ID_LEAD);
  }

  private static void setLong(BigIntVector v, int row, long value) {
    if (v != null) {
      v.setSafe(row, value);
    }
  }

  private void seed(long eventId) {
    random.setSeed(eventId ^ (config.seed() * 0x9E3779B97F4A7C15L));
  }

  // ---- events

  void writePerson(long eventNumber, long eventId, int row) {
    Target v = persons;
    seed(eventId);
    long timestamp = config.timestamp(eventNumber);
    setLong(v.id, row, config.lastBase0PersonId(eventId) + NexmarkConfig.FIRST_PERSON_ID);
    byte[] first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
    byte[] last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    int nameLength = first.length + 1 + last.length;
    if (v.name != null) {
      System.arraycopy(first, 0, text, 0, first.length);
      text[first.length] = ' ';
      System.arraycopy(last, 0, text, first.length + 1, last.length);
      put(v.name, row, text, 0, nameLength);
    }
    int emailLength = writeEmail(v, row);
    int card = 0;
    for (int g = 0; g < 4; g++) {
      int digits = random.nextInt(10_000);
      for (int d = 3; d >= 0; d--) {
        text[g * 5 + d] = (byte) ('0' + digits % 10);
        digits /= 10;
      }
      if (g < 3) {
        text[g * 5 + 4] = ' ';
      }
      card = g * 5 + 4;
    }
    if (v.creditCard != null) {
      put(v.creditCard, row, text, 0, card);
    }
    byte[] c = CITIES[random.nextInt(CITIES.length)];
    byte[] s = STATES[random.nextInt(STATES.length)];
    if (v.city != null) {
      put(v.city, row, c, 0, c.length);
    }
    if (v.state != null) {
      put(v.state, row, s, 0, s.length);
    }
    if (v.dateTime != null) {
      v.dateTime.setSafe(row, timestamp);
    }
    writeExtra(v, row, 8 + nameLength + emailLength + card + c.length + s.length, config.avgPersonSize());
  }

  /** {@code <string>@<string>.com}; returns its length. */
  private int writeEmail(Target v, int row) {
    int user = nextString(7);
    System.arraycopy(text, textStart, email, 0, user);
    email[user] = '@';
    int domain = nextString(5);
    System.arraycopy(text, textStart, email, user + 1, domain);
    int length = user + 1 + domain;
    for (byte b : DOT_COM) {
      email[length++] = b;
    }
    if (v.emailAddress != null) {
      put(v.emailAddress, row, email, 0, length);
    }
    return length;
  }

  void writeAuction(long eventNumber, long eventId, int row) {
    Target v = auctions;
    seed(eventId);
    long timestamp = config.timestamp(eventNumber);
    setLong(v.id, row, config.lastBase0AuctionId(eventId) + NexmarkConfig.FIRST_AUCTION_ID);
    long sellerId = random.nextInt(config.hotSellerRatio()) > 0
        ? (config.lastBase0PersonId(eventId) / NexmarkConfig.HOT_BLOCK) * NexmarkConfig.HOT_BLOCK
        : nextBase0PersonId(eventId);
    setLong(v.seller, row, sellerId + NexmarkConfig.FIRST_PERSON_ID);
    setLong(v.category, row, NexmarkConfig.FIRST_CATEGORY_ID + random.nextInt(NexmarkConfig.NUM_CATEGORIES));
    long bid = nextPrice();
    setLong(v.initialBid, row, bid);
    long horizon = config.timestamp(eventNumber + config.auctionHorizonEvents()) - timestamp;
    long length = 1 + nextLong(Math.max(2 * horizon, 1));
    if (v.expires != null) {
      v.expires.setSafe(row, timestamp + length);
    }
    int itemLength = nextString(20);
    setText(v.itemName, row);
    int descriptionLength = nextString(100);
    setText(v.description, row);
    setLong(v.reserve, row, bid + nextPrice());
    if (v.dateTime != null) {
      v.dateTime.setSafe(row, timestamp);
    }
    writeExtra(v, row, 8 + itemLength + descriptionLength + 40, config.avgAuctionSize());
  }

  void writeBid(long eventNumber, long eventId, int row) {
    Target v = bids;
    seed(eventId);
    long auctionId = random.nextInt(config.hotAuctionRatio()) > 0
        ? (config.lastBase0AuctionId(eventId) / NexmarkConfig.HOT_BLOCK) * NexmarkConfig.HOT_BLOCK
        : nextBase0AuctionId(eventId);
    setLong(v.auction, row, auctionId + NexmarkConfig.FIRST_AUCTION_ID);
    long bidderId = random.nextInt(config.hotBidderRatio()) > 0
        ? (config.lastBase0PersonId(eventId) / NexmarkConfig.HOT_BLOCK) * NexmarkConfig.HOT_BLOCK + 1
        : nextBase0PersonId(eventId);
    setLong(v.bidder, row, bidderId + NexmarkConfig.FIRST_PERSON_ID);
    setLong(v.price, row, nextPrice());
    if (random.nextInt(2) > 0) {
      int hot = random.nextInt(HOT_CHANNELS.length);
      if (v.channel != null) {
        put(v.channel, row, HOT_CHANNELS[hot], 0, HOT_CHANNELS[hot].length);
      }
      if (v.url != null) {
        put(v.url, row, seeded.hotUrls()[hot], 0, seeded.hotUrls()[hot].length);
      }
    } else {
      int n = random.nextInt(CHANNELS);
      if (v.channel != null) {
        put(v.channel, row, CHANNEL_NAMES[n], 0, CHANNEL_NAMES[n].length);
      }
      if (v.url != null) {
        put(v.url, row, seeded.channelUrls()[n], 0, seeded.channelUrls()[n].length);
      }
    }
    if (v.dateTime != null) {
      v.dateTime.setSafe(row, config.timestamp(eventNumber));
    }
    writeExtra(v, row, 32, config.avgBidSize());
  }
}
