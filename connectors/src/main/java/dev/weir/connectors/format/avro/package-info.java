/**
 * The {@code avro} and {@code avro-confluent} formats: Avro binary records read and written with
 * Avro's low-level decoder and encoder, straight from and into vectors; the second in the Confluent
 * Schema Registry's wire format, talking to the registry's REST API.
 */
package dev.weir.connectors.format.avro;
