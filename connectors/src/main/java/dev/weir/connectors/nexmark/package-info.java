/**
 * The {@code nexmark} source: the standard Nexmark event generator (persons, auctions and bids in
 * the 1:3:46 proportion, hot auctions, sellers and bidders, event time from a logical clock),
 * written straight into Arrow vectors. Each event depends only on its number and the seed, so the
 * same options give the same events at any parallelism.
 */
package dev.weir.connectors.nexmark;
