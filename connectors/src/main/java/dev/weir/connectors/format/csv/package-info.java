/** The {@code csv} format: delimited text with quoting, parsed by Jackson's CSV module. */
package dev.weir.connectors.format.csv;
