/**
 * The format SPI: decoders turn one record's bytes into a row of Arrow vectors, encoders the
 * reverse. Formats are apart from transports, so files, Kafka and HTTP share them.
 */
package dev.weir.catalog.format;
