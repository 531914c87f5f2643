package dev.weir.connectors.nexmark;

/**
 * The generator's parameters and the arithmetic that maps an event number to its kind, ids and
 * event time. Event {@code n} (counting from 0) has id {@code firstEventId + n}; its kind is fixed by
 * {@code id % (person + auction + bid proportions)}; its event time is {@code baseTime} plus its
 * offset in the rate schedule (at a steady rate, {@code n * 1e6 / rate} microseconds), truncated to
 * milliseconds.
 *
 * @param events how many events in all (0: unbounded)
 * @param schedule the logical rate (or rates) that space event times
 * @param paced whether emission is held to the schedule in wall-clock time
 */
record NexmarkConfig(long events, RateSchedule schedule, boolean paced, int personProportion, int auctionProportion,
    int bidProportion, int hotAuctionRatio, int hotSellerRatio, int hotBidderRatio, long firstEventId, long seed,
    int avgPersonSize, int avgAuctionSize, int avgBidSize, long baseTimeMillis) {

  static final long FIRST_PERSON_ID = 1000;
  static final long FIRST_AUCTION_ID = 1000;
  static final long FIRST_CATEGORY_ID = 10;
  static final int NUM_CATEGORIES = 5;
  static final int PERSON_ID_LEAD = 10;
  static final int AUCTION_ID_LEAD = 10;
  /** Hot sellers, auctions and bidders are the ids at the start of each block of this many. */
  static final int HOT_BLOCK = 100;
  static final int NUM_ACTIVE_PEOPLE = 1000;
  static final int NUM_IN_FLIGHT_AUCTIONS = 100;
  /** 2015-07-15 00:00:00 UTC, the standard generator's base time. */
  static final long BASE_TIME = 1436918400000L;

  int totalProportion() {
    return personProportion + auctionProportion + bidProportion;
  }

  NexmarkTable kindOf(long eventId) {
    long rem = eventId % totalProportion();
    if (rem < personProportion) {
      return NexmarkTable.PERSON;
    }
    return rem < personProportion + auctionProportion ? NexmarkTable.AUCTION : NexmarkTable.BID;
  }

  long timestamp(long eventNumber) {
    return baseTimeMillis + ((long) schedule.offsetMicros(eventNumber)) / 1000;
  }

  long lastBase0PersonId(long eventId) {
    long epoch = eventId / totalProportion();
    long offset = eventId % totalProportion();
    if (offset >= personProportion) {
      offset = personProportion - 1;
    }
    return epoch * personProportion + offset;
  }

  long lastBase0AuctionId(long eventId) {
    long epoch = eventId / totalProportion();
    long offset = eventId % totalProportion();
    if (offset < personProportion) {
      epoch--;
      offset = auctionProportion - 1;
    } else if (offset >= personProportion + auctionProportion) {
      offset = auctionProportion - 1;
    } else {
      offset -= personProportion;
    }
    return epoch * auctionProportion + offset;
  }

  /** How many events cover the in-flight auctions: auctions expire within about twice that. */
  long auctionHorizonEvents() {
    return (long) NUM_IN_FLIGHT_AUCTIONS * totalProportion() / auctionProportion;
  }
}
