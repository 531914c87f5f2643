package dev.weir.engine.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs subtasks cooperatively on a fixed pool of threads (by default one per core) and wakes idle
 * sources on a timer. Shared by all jobs of an engine.
 */
public final class Scheduler implements AutoCloseable {
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final int threads;

  public Scheduler(int threads) {
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, daemonThreads("weir-worker-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("weir-timer-"));
  }

  public int threads() {
    return threads;
  }

  void submit(Runnable task) {
    pool.execute(task);
  }

  void wakeLater(Schedulable task, long delayNanos) {
    timer.schedule(task::wake, delayNanos, TimeUnit.NANOSECONDS);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
    timer.shutdownNow();
  }
}
