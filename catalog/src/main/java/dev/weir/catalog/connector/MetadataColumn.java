package dev.weir.catalog.connector;

import dev.weir.catalog.types.DataType;

/**
 * A value a connector supplies beside the record itself (Kafka's offset, partition, key, ...).
 *
 * @param key the name it is declared under ({@code _offset}; Flink's {@code METADATA FROM 'offset'} uses the key)
 * @param type its SQL type
 * @param readable whether sources fill it
 * @param writable whether sinks use it (e.g. a message timestamp)
 * @param description what it holds
 */
public record MetadataColumn(String key, DataType type, boolean readable, boolean writable, String description) {}
