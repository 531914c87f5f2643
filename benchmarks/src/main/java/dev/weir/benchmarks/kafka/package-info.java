/** Kafka pipeline throughput, against the in-process broker of {@code kafka-local}. */
package dev.weir.benchmarks.kafka;
