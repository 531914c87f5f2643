-- Query 6: the average selling price of each seller's last 10 closed auctions (as the Nexmark
-- paper defines it). An auction closes when the watermark passes its expires: its highest bid
-- made while it was open is then final, and the average over the seller's ten latest follows.
CREATE TABLE nexmark_q6 (
  seller  BIGINT,
  avg_price  BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO nexmark_q6
SELECT
    Q.seller,
    AVG(Q.final) OVER (PARTITION BY Q.seller ORDER BY Q.expires ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)
FROM (
    SELECT A.seller, A.expires, MAX(B.price) AS final
    FROM auction A, bid B
    WHERE A.id = B.auction AND B.`dateTime` BETWEEN A.`dateTime` AND A.expires
    GROUP BY A.id, A.seller, A.expires
) Q;
