/**
 * A real single-node Kafka broker (KRaft) that runs in-process: shared by the Kafka tests and run
 * for users by {@code bin/weir kafka-local}. Depends on Kafka's broker and nothing of Weir.
 */
package dev.weir.kafkalocal;
