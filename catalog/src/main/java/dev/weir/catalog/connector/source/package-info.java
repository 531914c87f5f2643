/** The source side of the connector SPI: splits, and readers that fill Arrow batches. */
package dev.weir.catalog.connector.source;
