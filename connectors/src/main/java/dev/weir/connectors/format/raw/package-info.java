/** The {@code raw} format: a record's bytes as a single BYTES or STRING column. */
package dev.weir.connectors.format.raw;
