package dev.weir.engine.runtime;

import dev.weir.engine.checkpoint.CheckpointConfig;
import dev.weir.engine.checkpoint.CheckpointStore;
import dev.weir.engine.checkpoint.TaskSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's checkpoints, one at a time. Every interval it asks the source subtasks to snapshot
 * their position and state and send a barrier; each subtask downstream snapshots once it has the
 * barrier from all of its inputs (aligned), and acknowledges with its snapshot. A subtask that has
 * ended acknowledges every later checkpoint with its final snapshot. When all have acknowledged,
 * its own thread writes the files and the completion marker — off the data path — and then tells
 * every subtask, so that sinks commit and sources may confirm their positions.
 *
 * <p>When every subtask has ended, one last checkpoint is taken at once: with checkpoints, sinks
 * commit the end of their input only through it, so that a crash just before the end cannot leave
 * output that a restore would write again.
 */
public final class CheckpointCoordinator implements AutoCloseable {
  /**
   * Fault injection for the crash tests: the process halts (as if killed) right after checkpoint
   * N is complete on disk and before any sink has committed it, the moment exactly-once is hardest.
   */
  private static final long HALT_AFTER_CHECKPOINT = Long.getLong("weir.test.halt-after-checkpoint", -1);


  private final Job job;
  private final CheckpointConfig config;
  private final CheckpointStore store;
  private final ScheduledExecutorService thread;
  private List<Task> tasks;
  private TaskSnapshot[] finals;
  private long lastId;
  private Pending pending;
  private volatile Stats stats;
  /** A fingerprint of the plan, kept in each checkpoint's marker. */
  private String plan = "";
  private boolean stopped;
  /** Waiting for the next checkpoint to complete (STOP PIPELINE ... WITH SAVEPOINT). */
  private final List<java.util.concurrent.CompletableFuture<Long>> waiters = new java.util.ArrayList<>();

  /** What SHOW PIPELINES and the metrics tell about checkpoints. */
  public record Stats(long completed, long lastId, long lastBytes, long lastDurationMillis, long lastCompletedAtMillis,
      long restoredFrom, boolean restoredFinished, List<String> warnings) {}

  private static final class Pending {
    final long id;
    final long startedNanos = System.nanoTime();
    final TaskSnapshot[] acks;
    int missing;

    Pending(long id, int tasks) {
      this.id = id;
      this.acks = new TaskSnapshot[tasks];
      this.missing = tasks;
    }
  }

  CheckpointCoordinator(Job job, CheckpointConfig config) {
    this.job = job;
    this.config = config;
    this.store = new CheckpointStore(config.directory(), config.retained());
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "weir-checkpoints-" + job.name());
      t.setDaemon(true);
      return t;
    });
    this.stats = new Stats(0, 0, 0, 0, 0, 0, false, List.of());
  }

  /** The newest complete checkpoint of these subtasks, to restore from; checkpoints go on after its number. */
  Optional<CheckpointStore.Restored> restore(List<String> taskNames, String plan) throws Exception {
    this.plan = plan;
    Optional<CheckpointStore.Restored> restored = store.latest(taskNames, plan);
    lastId = store.lastId();
    restored.ifPresent(r -> stats = new Stats(0, r.id(), 0, 0, 0, r.id(),
        r.tasks().stream().allMatch(TaskSnapshot::finished), r.warnings()));
    return restored;
  }

  Stats stats() {
    return stats;
  }

  synchronized void start(List<Task> tasks) {
    this.tasks = tasks;
    this.finals = new TaskSnapshot[tasks.size()];
    long interval = config.interval().toMillis();
    thread.scheduleWithFixedDelay(() -> later(this::trigger), interval, interval, TimeUnit.MILLISECONDS);
  }

  /** The number the next checkpoint will have at least: a final precommit is committed by it or a later one. */
  synchronized long nextId() {
    return lastId + 1;
  }

  /** A checkpoint at once; completes with the number of the first one to complete after it started. */
  synchronized CompletableFuture<Long> checkpointNow() {
    CompletableFuture<Long> done = new CompletableFuture<>();
    waiters.add(done);
    later(this::trigger);
    return done;
  }

  /** Runs on the coordinator's thread, unless the job is over; a failure there fails the job. */
  private synchronized void later(Runnable action) {
    if (stopped) {
      return;
    }
    thread.execute(() -> {
      try {
        action.run();
      } catch (Throwable t) {
        job.fail(new RuntimeException("Checkpointing failed: " + Task.userMessage(t), t));
      }
    });
  }

  private synchronized void trigger() {
    if (stopped || pending != null || job.isCancelled()) {
      return;
    }
    pending = new Pending(++lastId, tasks.size());
    for (int t = 0; t < finals.length; t++) {
      if (finals[t] != null) {
        ack(t, finals[t]);
      }
    }
    if (pending.missing == 0) {
      completeLater(pending);
      return;
    }
    for (Task task : tasks) {
      if (task.isSource()) {
        task.triggerCheckpoint(pending.id);
      }
    }
  }

  /** Subtask {@code task} took its snapshot for checkpoint {@code id}. */
  synchronized void acknowledge(long id, int task, TaskSnapshot snapshot) {
    if (pending == null || pending.id != id || pending.acks[task] != null) {
      return; // a checkpoint given up on, or this subtask already counted by its final snapshot
    }
    ack(task, snapshot);
    if (pending.missing == 0) {
      completeLater(pending);
    }
  }

  /** Subtask {@code task} ended: its final snapshot stands for it in this and every later checkpoint. */
  synchronized void taskEnded(int task, TaskSnapshot snapshot) {
    finals[task] = snapshot;
    if (pending != null) {
      if (pending.acks[task] == null) {
        ack(task, snapshot);
        if (pending.missing == 0) {
          completeLater(pending);
        }
      }
      return;
    }
    boolean allEnded = true;
    boolean sinksEnded = true;
    for (int t = 0; t < finals.length; t++) {
      allEnded &= finals[t] != null;
      sinksEnded &= finals[t] != null || !tasks.get(t).isTerminal();
    }
    if ((allEnded || sinksEnded) && !stats.restoredFinished()) {
      // everything ended, or every sink (a LIMIT ended them): the checkpoint that commits it, now
      // (unless it was restored as ended: that checkpoint exists)
      later(this::trigger);
    }
  }

  private void ack(int task, TaskSnapshot snapshot) {
    pending.acks[task] = snapshot;
    pending.missing--;
  }

  private void completeLater(Pending done) {
    later(() -> complete(done));
  }

  private void complete(Pending done) {
    synchronized (this) {
      if (stopped) {
        pending = null;
        return; // the job is over: nothing waits for this one
      }
    }
    try {
      long bytes = 0;
      for (int t = 0; t < done.acks.length; t++) {
        store.write(done.id, t, done.acks[t]);
        bytes += done.acks[t].size();
        synchronized (this) {
          if (finals[t] != done.acks[t]) {
            done.acks[t].release(); // on disk now; a final snapshot stays for later checkpoints
          }
        }
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - done.startedNanos);
      long now = System.currentTimeMillis();
      store.complete(new CheckpointStore.Completed(done.id, done.acks.length, bytes, millis, now, plan));
      job.metrics().increment(JobMetrics.CHECKPOINTS_COMPLETED, 1);
      job.metrics().increment(JobMetrics.CHECKPOINT_BYTES, bytes);
      job.metrics().increment(JobMetrics.CHECKPOINT_MILLIS, millis);
      Stats before = stats;
      stats = new Stats(before.completed() + 1, done.id, bytes, millis, now, before.restoredFrom(),
          before.restoredFinished(), before.warnings());
      if (done.id == HALT_AFTER_CHECKPOINT) {
        Runtime.getRuntime().halt(137);
      }
    } catch (Throwable e) {
      job.fail(new RuntimeException("Checkpoint " + done.id + " failed: " + Task.userMessage(e), e));
      return;
    } finally {
      synchronized (this) {
        pending = null;
      }
    }
    for (Task task : tasks) {
      task.checkpointComplete(done.id);
    }
    List<CompletableFuture<Long>> waiting;
    synchronized (this) {
      waiting = List.copyOf(waiters);
      waiters.clear();
    }
    waiting.forEach(w -> w.complete(done.id));
    boolean allEnded;
    synchronized (this) {
      allEnded = java.util.Arrays.stream(finals).allMatch(java.util.Objects::nonNull);
    }
    if (allEnded && done.acks.length > 0 && !java.util.Arrays.asList(done.acks).stream().allMatch(a -> a.finished())) {
      later(this::trigger); // some subtask ended while this one ran: one more, with all of them
    }
  }

  /** Stops checkpointing; a checkpoint being written is finished, not interrupted. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    // after a checkpoint being written (the thread runs one thing at a time): final snapshots' bytes go
    TaskSnapshot[] held = finals == null ? new TaskSnapshot[0] : finals.clone();
    thread.execute(() -> {
      for (TaskSnapshot f : held) {
        if (f != null) {
          f.release();
        }
      }
    });
    thread.shutdown();
    waiters.forEach(w -> w.completeExceptionally(new IllegalStateException("the job ended before a checkpoint")));
    waiters.clear();
  }
}
