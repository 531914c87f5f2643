/**
 * The connector SPI: a {@link dev.weir.catalog.connector.ConnectorFactory} declares its name,
 * direction, options and metadata columns, and creates sources ({@code source}) and sinks
 * ({@code sink}). Factories are found through {@link java.util.ServiceLoader}; connectors see this
 * package and nothing of the engine.
 */
package dev.weir.catalog.connector;
