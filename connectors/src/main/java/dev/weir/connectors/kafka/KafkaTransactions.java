package dev.weir.connectors.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.internals.TransactionManager;
import org.apache.kafka.common.utils.internals.ProducerIdAndEpoch;

/**
 * What an exactly-once sink needs and {@code KafkaProducer} does not offer: to commit, from a new
 * process, a transaction that a killed one had flushed at a checkpoint. The producer's transaction
 * state (producer id and epoch) is read at the checkpoint; after a restore, a fresh producer with
 * the same transactional id is put back into that transaction and commits it. Kafka's own two-phase
 * commit (KIP-939) would do this publicly, but its client side is not usable in 4.4 (the broker
 * refuses to keep a prepared transaction), so this reaches into the producer's transaction manager
 * by reflection — tied to the pinned kafka-clients version, and tested against a real broker.
 */
final class KafkaTransactions {
  private static final Field MANAGER;
  private static final Field PRODUCER_ID_AND_EPOCH;
  private static final Field STARTED;
  private static final Method TRANSITION;
  private static final Method SET_PRODUCER_ID_AND_EPOCH;
  private static final Class<?> STATE;

  static {
    try {
      MANAGER = accessible(KafkaProducer.class.getDeclaredField("transactionManager"));
      PRODUCER_ID_AND_EPOCH = accessible(TransactionManager.class.getDeclaredField("producerIdAndEpoch"));
      STARTED = accessible(TransactionManager.class.getDeclaredField("transactionStarted"));
      STATE = Class.forName(TransactionManager.class.getName() + "$State");
      TRANSITION = TransactionManager.class.getDeclaredMethod("transitionTo", STATE);
      TRANSITION.setAccessible(true);
      SET_PRODUCER_ID_AND_EPOCH = TransactionManager.class.getDeclaredMethod("setProducerIdAndEpoch",
          ProducerIdAndEpoch.class);
      SET_PRODUCER_ID_AND_EPOCH.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError("this kafka-clients version is not the one Weir's exactly-once sink"
          + " was built for: " + e);
    }
  }

  private KafkaTransactions() {}

  private static Field accessible(Field f) {
    f.setAccessible(true);
    return f;
  }

  /**
   * A transaction to commit later: the producer's id and epoch while it is open, and when it was
   * flushed (the brokers abort it once its transaction timeout has passed).
   */
  record Handle(String transactionalId, long producerId, short epoch, long flushedAtMillis) {}

  /** The open transaction of {@code producer} (flushed by the caller). */
  static Handle handle(KafkaProducer<?, ?> producer, String transactionalId, long flushedAtMillis) {
    try {
      ProducerIdAndEpoch state = (ProducerIdAndEpoch) PRODUCER_ID_AND_EPOCH.get(MANAGER.get(producer));
      return new Handle(transactionalId, state.producerId, state.epoch, flushedAtMillis);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the brokers end each transaction with a new epoch (KIP-890), after {@code initTransactions}. */
  static boolean usesTransactionsV2(KafkaProducer<?, ?> producer) {
    try {
      return ((TransactionManager) MANAGER.get(producer)).isTransactionV2Enabled();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Puts a fresh producer ({@code initTransactions} not called) with the handle's transactional id
   * into the handle's open transaction, so that {@code commitTransaction} ends that one.
   *
   * @param topic any topic of the brokers: the producer connects first, to learn which transaction
   *     protocol the brokers speak
   */
  static void resume(KafkaProducer<?, ?> producer, Handle handle, String topic) {
    producer.partitionsFor(topic);
    try {
      TransactionManager manager = (TransactionManager) MANAGER.get(producer);
      synchronized (manager) {
        manager.maybeUpdateTransactionV2Enabled(true);
        TRANSITION.invoke(manager, state("INITIALIZING"));
        SET_PRODUCER_ID_AND_EPOCH.invoke(manager, new ProducerIdAndEpoch(handle.producerId(), handle.epoch()));
        TRANSITION.invoke(manager, state("READY"));
        TRANSITION.invoke(manager, state("IN_TRANSACTION"));
        STARTED.setBoolean(manager, true); // else commitTransaction sends nothing and "succeeds"
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot resume Kafka transaction " + handle + ": " + e, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object state(String name) {
    return Enum.valueOf((Class) STATE, name);
  }
}
