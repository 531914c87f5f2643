-- Query 10: every bid with its day and minute, as for a log partitioned by them. (The standard
-- query writes a filesystem table PARTITIONED BY (dt, hm); Weir's file sink has no partitioning
-- yet, and the benchmark writes every query into blackhole.)
CREATE TABLE nexmark_q10 (
  auction  BIGINT,
  bidder  BIGINT,
  price  BIGINT,
  `dateTime`  TIMESTAMP(3),
  extra  VARCHAR,
  dt STRING,
  hm STRING
) WITH ('connector' = 'blackhole');

INSERT INTO nexmark_q10
SELECT auction, bidder, price, `dateTime`, extra, DATE_FORMAT(`dateTime`, 'yyyy-MM-dd'), DATE_FORMAT(`dateTime`, 'HH:mm')
FROM bid;
