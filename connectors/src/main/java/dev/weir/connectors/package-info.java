/**
 * Weir's connectors, one package each, and its formats under {@code format}. They see only the
 * catalog's SPI and are found at run time through {@link java.util.ServiceLoader}.
 */
package dev.weir.connectors;
