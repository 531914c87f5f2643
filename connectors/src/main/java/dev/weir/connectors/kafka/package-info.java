/**
 * The {@code kafka} connector's declaration: options (Flink spellings with Arroyo aliases) and
 * metadata columns. Tables over it can be created, validated and described today; running them
 * comes with the Kafka client integration.
 */
package dev.weir.connectors.kafka;
