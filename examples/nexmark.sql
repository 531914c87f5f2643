-- Stateful queries over the Nexmark generator: bin/weir -f examples/nexmark.sql
CREATE TABLE IF NOT EXISTS auction (id BIGINT, itemName STRING, description STRING, initialBid BIGINT, reserve BIGINT,
  `dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', 'table' = 'auction', 'events.num' = '100000');
CREATE TABLE IF NOT EXISTS bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
  `dateTime` TIMESTAMP(3), extra STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', 'table' = 'bid', 'events.num' = '100000');

-- each auction's highest bid while it was open, and its seller (an interval join bounded by the
-- auction's own expires, then an aggregate)
SELECT A.id, A.seller, MAX(B.price) AS top_bid
FROM auction A JOIN bid B ON A.id = B.auction AND B.`dateTime` BETWEEN A.`dateTime` AND A.expires
GROUP BY A.id, A.seller ORDER BY top_bid DESC LIMIT 3;

-- the busiest bidding sessions (a bidder's bids less than 10 seconds apart)
SELECT bidder, window_start, window_end, COUNT(*) AS bids
FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end ORDER BY bids DESC LIMIT 3;
