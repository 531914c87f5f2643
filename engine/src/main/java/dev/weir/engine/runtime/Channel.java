package dev.weir.engine.runtime;

import dev.weir.engine.batch.StreamElement;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-producer, single-consumer queue of stream elements, bounded by the rows it holds.
 *
 * <p>The bound is soft: a producer may always push, and checks {@link #hasSpace()} before doing
 * more work; once the consumer brings the channel back under its bound, the producer is woken.
 * So a slow consumer slows its producer, and memory stays bounded by roughly one batch over.
 */
public final class Channel {
  private final ConcurrentLinkedQueue<StreamElement> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong bufferedRows = new AtomicLong();
  private final long capacityRows;
  private final int port;
  private volatile Runnable consumerWakeup = () -> { };
  private volatile Runnable producerWakeup = () -> { };
  private volatile boolean consumerFinished;

  /**
   * @param capacityRows the rows it holds before its producer is made to wait
   * @param port which input of its consumer it is (the position of its producer among them)
   */
  public Channel(long capacityRows, int port) {
    this.capacityRows = capacityRows;
    this.port = port;
  }

  int port() {
    return port;
  }

  void onData(Runnable wakeup) {
    this.consumerWakeup = wakeup;
  }

  void onSpace(Runnable wakeup) {
    this.producerWakeup = wakeup;
  }

  private static int rows(StreamElement e) {
    return e instanceof StreamElement.Batch b ? Math.max(1, b.rows()) : 0;
  }

  public void push(StreamElement element) {
    if (consumerFinished) {
      release(element);
      return;
    }
    bufferedRows.addAndGet(rows(element));
    queue.add(element);
    if (consumerFinished) { // it finished while this was being added
      drain();
    }
    consumerWakeup.run();
  }

  public boolean hasSpace() {
    return consumerFinished || bufferedRows.get() < capacityRows;
  }

  /**
   * The consumer has finished (a LIMIT was reached) while its producer may go on for others that
   * read the same output: what is queued and what arrives from now on is released at once, and
   * there is always room, so that the producer never waits for a reader that is gone.
   */
  void consumerFinished() {
    consumerFinished = true;
    drain();
    producerWakeup.run();
  }

  /** The next element, or null if none is there now. */
  public StreamElement poll() {
    StreamElement e = queue.poll();
    if (e != null) {
      int rows = rows(e);
      if (rows > 0) {
        long after = bufferedRows.addAndGet(-rows);
        if (after < capacityRows && after + rows >= capacityRows) {
          producerWakeup.run();
        }
      }
    }
    return e;
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Releases every batch still queued (when a job is torn down, or its consumer has finished). */
  void drain() {
    StreamElement e;
    while ((e = queue.poll()) != null) {
      release(e);
    }
    bufferedRows.set(0);
  }

  private static void release(StreamElement e) {
    if (e instanceof StreamElement.Batch b) {
      b.root().close();
    }
  }
}
