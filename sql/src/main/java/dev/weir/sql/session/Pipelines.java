package dev.weir.sql.session;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorMetrics;
import dev.weir.engine.checkpoint.CheckpointStore;
import dev.weir.engine.runtime.CheckpointCoordinator;
import dev.weir.engine.runtime.Job;
import dev.weir.engine.runtime.JobMetrics;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlInsert;

/**
 * A session's named pipelines: started by {@code CREATE PIPELINE} or by an INSERT under {@code
 * SET 'pipeline.name'}, listed by {@code SHOW PIPELINES}, stopped and dropped. With a state
 * directory each is remembered in {@code pipelines/<name>/pipeline.properties} (its INSERT, the
 * settings it was started with, and its status), so that the next process resumes those that
 * were running, from their latest checkpoint, whether the last one stopped cleanly or was killed.
 */
final class Pipelines {
  /** A pipeline that does not say how often to checkpoint still checkpoints, this often, so that it can resume. */
  static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  enum Status { RUNNING, FINISHED, STOPPED, FAILED }

  /** A pipeline known to this session: what it runs, and its job while it runs here. */
  private static final class Pipeline {
    final String name;
    final String statement;
    final Map<String, String> settings;
    volatile Status status;
    volatile String error;
    volatile Job job;
    /** Completes once the job's end is recorded. */
    volatile java.util.concurrent.CompletableFuture<Void> recorded;
    /** The process ended while it ran: it stays running in the state directory, to be resumed. */
    volatile boolean leftRunning;
    /** Held while it runs in this process, so that no other process on the state directory runs it too. */
    volatile java.nio.channels.FileLock lock;

    Pipeline(String name, String statement, Map<String, String> settings, Status status) {
      this.name = name;
      this.statement = statement;
      this.settings = settings;
      this.status = status;
    }
  }

  /** The pipeline runs in another process on the same state directory. */
  static final class RunningElsewhere extends ValidationException {
    RunningElsewhere(String message) {
      super(message);
    }
  }

  private final Session session;
  private final Map<String, Pipeline> pipelines = new TreeMap<>();
  /** Where pipelines are remembered; null when they are not (no state directory was opened). */
  private Path directory;

  Pipelines(Session session) {
    this.session = session;
  }

  /**
   * Remembers pipelines under {@code stateDirectory}; returns the names of those that were
   * running. A pipeline whose record cannot be read is passed over, with a warning in {@code said}.
   */
  synchronized List<String> open(Path stateDirectory, List<String> said) throws IOException {
    directory = stateDirectory.resolve("pipelines");
    List<String> running = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return running;
    }
    try (Stream<Path> dirs = Files.list(directory)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve("pipeline.properties");
        if (!Files.exists(file)) {
          continue;
        }
        Properties p = new Properties();
        Pipeline pipeline;
        try (Reader in = Files.newBufferedReader(file)) {
          p.load(in);
          Map<String, String> settings = new LinkedHashMap<>();
          p.stringPropertyNames().stream().filter(k -> k.startsWith("setting.")).sorted()
              .forEach(k -> settings.put(k.substring("setting.".length()), p.getProperty(k)));
          pipeline = new Pipeline(p.getProperty("name"), p.getProperty("statement"), settings,
              Status.valueOf(p.getProperty("status")));
          pipeline.error = p.getProperty("error");
          if (pipeline.name == null || pipeline.statement == null) {
            throw new IOException("no name or statement");
          }
        } catch (IOException | RuntimeException e) {
          said.add("Warning: " + file + " cannot be read (" + e.getMessage() + "); that pipeline is left out.");
          continue;
        }
        pipelines.put(pipeline.name, pipeline);
        if (pipeline.status == Status.RUNNING) {
          running.add(pipeline.name);
        }
      }
    }
    return running;
  }

  /** A pipeline that could not be started again is recorded as failed, with why. */
  synchronized void failed(String name, String error) {
    Pipeline p = pipelines.get(name);
    if (p != null) {
      p.status = Status.FAILED;
      p.error = error;
      save(p);
    }
  }

  synchronized boolean isKnown(String name) {
    return pipelines.containsKey(name);
  }

  /** Whether pipeline {@code name} runs here now with exactly this statement. */
  synchronized Job runningWith(String name, String statement) {
    Pipeline p = pipelines.get(name);
    if (p == null || p.job == null || p.job.isDone()) {
      return null;
    }
    if (!p.statement.equals(statement)) {
      throw new ValidationException("Pipeline '" + name + "' is already running another statement: " + p.statement
          + " -- DROP PIPELINE " + name + " first, or choose another 'pipeline.name'.");
    }
    return p.job;
  }

  /**
   * Starts pipeline {@code name} running {@code insert} (whose text is {@code statement}) with
   * {@code settings}; a checkpoint interval is given if the settings have none.
   */
  synchronized Job start(String name, String statement, SqlInsert insert, Map<String, String> settings)
      throws Exception {
    if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
      throw new ValidationException("Pipeline name '" + name + "' may hold only letters, digits, '_', '-' and '.'"
          + " (it names a directory).");
    }
    Pipeline existing = pipelines.get(name);
    if (existing != null && existing.job != null && !existing.job.isDone()) {
      throw new ValidationException("Pipeline '" + name + "' is already running.");
    }
    Map<String, String> effective = new LinkedHashMap<>(settings);
    effective.remove(SessionOptions.PIPELINE_NAME.key());
    SessionOptions options = SessionOptions.of(effective);
    if (options.get(SessionOptions.CHECKPOINT_INTERVAL).isZero()) {
      effective.put(SessionOptions.CHECKPOINT_INTERVAL.key(), DEFAULT_CHECKPOINT_INTERVAL.toSeconds() + " s");
      options = SessionOptions.of(effective);
    }
    java.nio.channels.FileLock lock = lock(name);
    Job job;
    try {
      job = session.startInsert(insert, options, name);
    } catch (Exception e) {
      unlock(lock);
      throw e;
    }
    Pipeline pipeline = new Pipeline(name, statement, effective, Status.RUNNING);
    pipeline.job = job;
    pipeline.lock = lock;
    pipelines.put(name, pipeline);
    save(pipeline);
    pipeline.recorded = job.done().toCompletableFuture().handle((ok, failure) -> {
      ended(pipeline, job, failure);
      return null;
    });
    return job;
  }

  /** Locks pipeline {@code name} for this process (nothing without a state directory). */
  private java.nio.channels.FileLock lock(String name) throws IOException {
    if (directory == null) {
      return null;
    }
    Path dir = directory.resolve(name);
    Files.createDirectories(dir);
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve(".lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by this process already
    }
    if (lock == null) {
      channel.close();
      throw new RunningElsewhere("Pipeline '" + name + "' is running in another Weir process on " + directory
          + "; it is left to that one.");
    }
    return lock;
  }

  private static void unlock(java.nio.channels.FileLock lock) {
    if (lock != null) {
      try {
        lock.channel().close();
      } catch (IOException e) {
        // released when the process ends anyway
      }
    }
  }

  private void ended(Pipeline pipeline, Job job, Throwable failure) {
    unlock(pipeline.lock);
    synchronized (this) {
      if (pipelines.get(pipeline.name) != pipeline || pipeline.job != job || pipeline.status != Status.RUNNING
          || pipeline.leftRunning) {
        return; // stopped or dropped meanwhile, or left running for the next process: that status stands
      }
      if (failure == null && job.wasCancelled()) {
        pipeline.status = Status.STOPPED; // cancelled by its client (Ctrl-C on its INSERT)
      } else if (failure == null) {
        pipeline.status = Status.FINISHED;
      } else {
        pipeline.status = Status.FAILED;
        pipeline.error = failure.getMessage();
      }
      save(pipeline);
    }
  }

  /** Stops a running pipeline (after one more checkpoint, for a savepoint); it is not resumed by a later process. */
  String stop(String name, boolean savepoint) throws Exception {
    Pipeline p;
    synchronized (this) {
      p = known(name);
      if (p.job == null || p.job.isDone()) {
        throw new ValidationException("Pipeline '" + name + "' is not running (" + p.status.name().toLowerCase()
            + ").");
      }
    }
    String said = "";
    if (savepoint) {
      long id = p.job.checkpointNow().get(5, TimeUnit.MINUTES);
      said = " after checkpoint " + id;
    }
    synchronized (this) {
      if (p.job.isDone()) {
        return "Pipeline '" + name + "' ended (" + p.status.name().toLowerCase() + ") before it could be stopped.";
      }
      p.status = Status.STOPPED;
      save(p);
    }
    p.job.cancel();
    p.job.await(Duration.ofSeconds(60));
    p.job.close();
    return "Pipeline '" + name + "' stopped" + said + ".";
  }

  /** Stops a pipeline if it runs, and forgets it with its checkpoints. */
  String drop(String name, boolean ifExists) throws Exception {
    Pipeline p;
    synchronized (this) {
      p = pipelines.get(name);
      if (p == null) {
        if (ifExists) {
          return "Pipeline '" + name + "' does not exist; nothing done.";
        }
        known(name);
      }
      pipelines.remove(name);
    }
    if (p.job != null && !p.job.isDone()) {
      p.job.cancel();
      p.job.await(Duration.ofSeconds(60));
    }
    if (p.job != null) {
      p.job.close();
    }
    if (directory != null) {
      CheckpointStore.deleteRecursively(directory.resolve(name));
    }
    CheckpointStore.deleteRecursively(session.checkpointDirectory(SessionOptions.of(p.settings), name));
    return "Pipeline '" + name + "' dropped.";
  }

  private Pipeline known(String name) {
    Pipeline p = pipelines.get(name);
    if (p == null) {
      throw new ValidationException("Pipeline '" + name + "' does not exist."
          + dev.weir.catalog.options.DidYouMean.hint(name, List.copyOf(pipelines.keySet())));
    }
    return p;
  }

  synchronized Map<String, String> settingsOf(String name) {
    return pipelines.get(name).settings;
  }

  synchronized String statementOf(String name) {
    return pipelines.get(name).statement;
  }

  /**
   * Waits for every pipeline running here to end (non-interactive runs exit when all have
   * finished); then rethrows the first failure, naming its pipeline.
   */
  void awaitAll() throws InterruptedException {
    RuntimeException first = null;
    java.util.Set<Job> waited = new java.util.HashSet<>();
    while (true) {
      List<Pipeline> running;
      synchronized (this) {
        running = pipelines.values().stream().filter(p -> p.job != null && !waited.contains(p.job)).toList();
      }
      if (running.isEmpty()) {
        break;
      }
      for (Pipeline p : running) {
        waited.add(p.job);
        try {
          p.job.await();
        } catch (RuntimeException failed) {
          if (first == null) {
            first = new ValidationException("Pipeline '" + p.name + "' failed: " + failed.getMessage());
          }
        }
        p.recorded.join(); // its status is on disk before the process may end
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The rows of SHOW PIPELINES. */
  synchronized StatementResult.Table show() {
    List<List<String>> rows = new ArrayList<>();
    for (Pipeline p : pipelines.values()) {
      Job job = p.job;
      String read = job == null ? "" : Long.toString(job.metrics().get(JobMetrics.ROWS_READ));
      String written = job == null ? "" : Long.toString(job.metrics().get(JobMetrics.ROWS_WRITTEN));
      // records not read yet, for sources that can tell (Kafka)
      String lag = job == null || !job.metrics().snapshot().containsKey(ConnectorMetrics.SOURCE_LAG) ? ""
          : Long.toString(job.metrics().get(ConnectorMetrics.SOURCE_LAG));
      CheckpointCoordinator.Stats c = job == null ? null : job.checkpointStats();
      String checkpoint = "";
      String size = "";
      String duration = "";
      if (c != null && c.lastId() > 0) {
        checkpoint = c.lastId() + (c.lastCompletedAtMillis() > 0
            ? " (" + Duration.between(Instant.ofEpochMilli(c.lastCompletedAtMillis()), Instant.now()).toSeconds()
            + " s ago)" : " (restored)");
        size = c.lastCompletedAtMillis() > 0 ? c.lastBytes() + " B" : "";
        duration = c.lastCompletedAtMillis() > 0 ? c.lastDurationMillis() + " ms" : "";
      }
      String status = p.status.name().toLowerCase() + (p.error != null && p.status == Status.FAILED
          ? ": " + p.error : "");
      rows.add(List.of(p.name, status, read, written, lag, checkpoint, size, duration));
    }
    return new StatementResult.Table(null, List.of("name", "status", "rows read", "rows written", "lag",
        "last checkpoint", "checkpoint size", "checkpoint duration"), rows);
  }

  /** Stops every running pipeline's job where it is, leaving it to be resumed (the process is ending). */
  void closeAll() {
    List<Pipeline> started;
    synchronized (this) {
      for (Pipeline p : pipelines.values()) {
        if (p.job != null && !p.job.isDone()) {
          p.leftRunning = true;
        }
      }
      started = pipelines.values().stream().filter(p -> p.job != null).toList();
    }
    for (Pipeline p : started) {
      try {
        p.job.close();
        p.recorded.get(30, TimeUnit.SECONDS); // its lock is let go, for the next process
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  private void save(Pipeline p) {
    if (directory == null) {
      return;
    }
    Properties props = new Properties();
    props.setProperty("name", p.name);
    props.setProperty("statement", p.statement);
    props.setProperty("status", p.status.name());
    if (p.error != null) {
      props.setProperty("error", p.error);
    }
    p.settings.forEach((k, v) -> props.setProperty("setting." + k, v));
    try {
      Path dir = directory.resolve(p.name);
      Files.createDirectories(dir);
      StringWriter text = new StringWriter();
      props.store(text, "a Weir pipeline");
      Path temp = dir.resolve("pipeline.properties.tmp");
      Files.writeString(temp, text.toString());
      Files.move(temp, dir.resolve("pipeline.properties"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record pipeline '" + p.name + "' in " + directory, e);
    }
  }
}
