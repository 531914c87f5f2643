/** The sink side of the connector SPI: writers that consume Arrow batches. */
package dev.weir.catalog.connector.sink;
