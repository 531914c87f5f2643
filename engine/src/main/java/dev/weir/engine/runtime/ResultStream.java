package dev.weir.engine.runtime;

import dev.weir.engine.batch.StreamElement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The client's end of a query: batches as the result vertex emits them. Reading slowly slows the
 * job (the channels are bounded). Closing it closes the job.
 */
public final class ResultStream implements AutoCloseable {
  private final Job job;
  private final Channel[] channels;
  private final boolean[] ended;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int endedCount;
  private int next;

  ResultStream(Job job, List<Channel> channels) {
    this.job = job;
    this.channels = channels.toArray(new Channel[0]);
    this.ended = new boolean[this.channels.length];
    for (Channel c : this.channels) {
      c.onData(this::signal);
    }
  }

  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public Job job() {
    return job;
  }

  /** Whether the result has ended (all of it was read). */
  public boolean isFinished() {
    return endedCount == channels.length;
  }

  /**
   * The next batch (the caller owns it), or null when none arrived within the timeout or the
   * result has ended ({@link #isFinished()}). Throws the job's failure.
   */
  public VectorSchemaRoot poll(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (true) {
      throwIfFailed();
      if (isFinished()) {
        return null;
      }
      for (int k = 0; k < channels.length; k++) {
        int i = (next + k) % channels.length;
        if (ended[i]) {
          continue;
        }
        StreamElement e = channels[i].poll();
        if (e == null) {
          continue;
        }
        next = (i + 1) % channels.length;
        if (e instanceof StreamElement.Batch b) {
          return b.root();
        }
        if (e == StreamElement.EndOfInput.INSTANCE) {
          ended[i] = true;
          endedCount++;
        }
        k = -1; // look again from the start
      }
      if (isFinished()) {
        return null;
      }
      if (job.isDone() && allEmpty()) {
        // the job ended without finishing its output: it was cancelled
        throwIfFailed();
        endedCount = channels.length;
        return null;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      lock.lock();
      try {
        if (allEmpty() && job.failure() == null) {
          changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** The next batch, waiting as long as it takes; null at the end. */
  public VectorSchemaRoot next() throws InterruptedException {
    while (true) {
      VectorSchemaRoot b = poll(1, TimeUnit.SECONDS);
      if (b != null || isFinished()) {
        return b;
      }
    }
  }

  private boolean allEmpty() {
    for (Channel c : channels) {
      if (!c.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private void throwIfFailed() {
    Throwable f = job.failure();
    if (f != null) {
      if (f instanceof RuntimeException re) {
        throw re;
      }
      throw new RuntimeException(f.getMessage(), f);
    }
  }

  @Override
  public void close() {
    job.close();
  }
}
