package dev.weir.engine.runtime;

import dev.weir.engine.checkpoint.CheckpointConfig;

/** Runs jobs on one shared scheduler. One per process is plenty. */
public final class Engine implements AutoCloseable {
  private final Scheduler scheduler;
  private volatile boolean verifySnapshots;

  public Engine(int threads) {
    this.scheduler = new Scheduler(threads);
  }

  /** An engine with one worker thread per available core. */
  public Engine() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public int threads() {
    return scheduler.threads();
  }

  /** Builds and starts a job. Fails (starting nothing) if, for example, a source's input is missing. */
  public Job submit(JobGraph graph) throws Exception {
    return submit(graph, null);
  }

  /**
   * Builds and starts a job that checkpoints as {@code checkpoints} says (null: it does not). A
   * job started on a directory holding a complete checkpoint of the same plan resumes from it.
   */
  public Job submit(JobGraph graph, CheckpointConfig checkpoints) throws Exception {
    Job job = new Job(graph, scheduler, verifySnapshots, checkpoints);
    try {
      job.build();
    } catch (Exception e) {
      try {
        job.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    job.start();
    return job;
  }

  /**
   * A test mode for jobs submitted from now on: after every element, each stateful operator is
   * snapshotted, replaced by a fresh instance and restored, so that a test of any query also
   * proves that its operators' snapshots hold all of their state.
   */
  public void verifySnapshots(boolean on) {
    this.verifySnapshots = on;
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
