/** The {@code debezium-json} format: Debezium change events, read as a changelog and written from one. */
package dev.weir.connectors.format.debezium;
