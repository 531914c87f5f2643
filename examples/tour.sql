-- A bounded pipeline over a local JSON file (run from the repository root: bin/weir -f examples/tour.sql)
CREATE TABLE IF NOT EXISTS orders (
  order_id BIGINT,
  customer STRING,
  amount   DECIMAL(10, 2),
  created  TIMESTAMP(3),
  WATERMARK FOR created AS created - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path'      = 'examples/orders.json',
  'format'    = 'json'
);

SELECT customer, amount FROM orders WHERE amount > 10 ORDER BY amount DESC;

CREATE TABLE IF NOT EXISTS big_orders (customer STRING, amount DECIMAL(10, 2))
WITH ('connector' = 'filesystem', 'path' = '/tmp/weir-tour/big_orders.csv', 'format' = 'csv');

INSERT INTO big_orders SELECT UPPER(customer), amount FROM orders WHERE amount > 10;
