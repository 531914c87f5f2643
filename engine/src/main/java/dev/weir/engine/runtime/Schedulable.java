package dev.weir.engine.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Something the {@link Scheduler} runs in slices: it runs while it can make progress, then
 * returns; {@link #wake()} (from a channel or the timer) puts it back in line. A wake that arrives
 * while it runs is remembered, so no wake-up is ever lost.
 */
abstract class Schedulable implements Runnable {
  private static final int IDLE = 0;
  private static final int QUEUED = 1;
  private static final int RUNNING = 2;
  private static final int RUNNING_WOKEN = 3;
  private static final int DONE = 4;

  private final AtomicInteger state = new AtomicInteger(IDLE);
  private final Scheduler scheduler;

  Schedulable(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Does a slice of work. Returns true to be run again at once (more work, slice used up). */
  protected abstract boolean runSlice();

  /** Whether the work is over; checked after each slice. */
  protected abstract boolean isFinished();

  final void wake() {
    while (true) {
      int s = state.get();
      if (s == IDLE) {
        if (state.compareAndSet(IDLE, QUEUED)) {
          scheduler.submit(this);
          return;
        }
      } else if (s == RUNNING) {
        if (state.compareAndSet(RUNNING, RUNNING_WOKEN)) {
          return;
        }
      } else {
        return;
      }
    }
  }

  final void wakeLater(long delayNanos) {
    scheduler.wakeLater(this, delayNanos);
  }

  @Override
  public final void run() {
    state.set(RUNNING);
    boolean again = runSlice();
    if (isFinished()) {
      state.set(DONE);
      return;
    }
    if (again || !state.compareAndSet(RUNNING, IDLE)) {
      state.set(QUEUED);
      scheduler.submit(this);
    }
  }
}
