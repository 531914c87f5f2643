package dev.weir.engine.runtime;

import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import dev.weir.engine.checkpoint.CheckpointConfig;
import dev.weir.engine.checkpoint.CheckpointStore;
import dev.weir.engine.checkpoint.TaskSnapshot;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.OperatorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A running job graph. It completes when every sink (or the result vertex) has seen the end of
 * its input, or fails on the first error; then the remaining subtasks are cancelled. {@link
 * #close()} releases all memory and fails loudly if any Arrow buffer leaked.
 */
public final class Job implements AutoCloseable {
  /** Rows a channel holds before its producer is made to wait. */
  static final long CHANNEL_CAPACITY_ROWS = 16_384;

  private final JobGraph graph;
  private final boolean verifySnapshots;
  private final CheckpointCoordinator checkpoints;
  private final Scheduler scheduler;
  private final BufferAllocator root;
  private final List<BufferAllocator> allocators = new ArrayList<>();
  private final List<Task> tasks = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private final JobMetrics metrics = new JobMetrics();
  private final CompletableFuture<Void> completion = new CompletableFuture<>();
  private final AtomicInteger runningTasks = new AtomicInteger();
  private final AtomicInteger runningTerminals = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CompletableFuture<Void> allTasksDone = new CompletableFuture<>();
  private volatile boolean cancelled;
  private volatile boolean cancelledByClient;
  private ResultStream result;
  private boolean started;
  private boolean closed;

  Job(JobGraph graph, Scheduler scheduler, boolean verifySnapshots, CheckpointConfig checkpointConfig) {
    this.graph = graph;
    this.scheduler = scheduler;
    this.verifySnapshots = verifySnapshots;
    this.checkpoints = checkpointConfig == null ? null : new CheckpointCoordinator(this, checkpointConfig);
    this.root = new RootAllocator(Long.MAX_VALUE);
  }

  Scheduler scheduler() {
    return scheduler;
  }

  boolean verifiesSnapshots() {
    return verifySnapshots;
  }

  public String name() {
    return graph.name();
  }

  public JobMetrics metrics() {
    return metrics;
  }

  /** The client's end of the result vertex, or null for a job that ends in sinks. */
  public ResultStream result() {
    return result;
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Builds every subtask and its channels. Splits are computed here, so a missing input fails before anything runs. */
  void build() throws Exception {
    List<VertexSpec> vertices = graph.vertices();
    List<List<List<Channel>>> inputsOf = new ArrayList<>(); // vertex -> subtask -> channels
    List<List<List<Router.Consumer>>> consumersOf = new ArrayList<>(); // vertex -> subtask -> its outputs' readers
    for (VertexSpec v : vertices) {
      List<List<Channel>> in = new ArrayList<>();
      List<List<Router.Consumer>> consumers = new ArrayList<>();
      for (int s = 0; s < v.parallelism(); s++) {
        in.add(new ArrayList<>());
        consumers.add(new ArrayList<>());
      }
      inputsOf.add(in);
      consumersOf.add(consumers);
    }
    boolean[] hasConsumer = new boolean[vertices.size()];
    for (int vi = 0; vi < vertices.size(); vi++) {
      VertexSpec v = vertices.get(vi);
      for (int port = 0; port < v.inputs().size(); port++) {
        int ui = v.inputs().get(port);
        hasConsumer[ui] = true;
        VertexSpec u = vertices.get(ui);
        int[] keys = v.isPartitioned() ? v.partitionKeys(port).stream().mapToInt(Integer::intValue).toArray()
            : new int[0];
        for (int us = 0; us < u.parallelism(); us++) {
          List<Channel> targets = new ArrayList<>();
          if (v.isPartitioned()) {
            // all to all, in consumer order, so that target i leads to subtask i
            for (int vs = 0; vs < v.parallelism(); vs++) {
              targets.add(connect(inputsOf.get(vi).get(vs), port));
            }
          } else if (v.parallelism() == 1) {
            targets.add(connect(inputsOf.get(vi).get(0), port));
          } else if (u.parallelism() == v.parallelism()) {
            targets.add(connect(inputsOf.get(vi).get(us), port));
          } else {
            for (int vs = 0; vs < v.parallelism(); vs++) {
              targets.add(connect(inputsOf.get(vi).get(vs), port));
            }
          }
          consumersOf.get(ui).get(us).add(new Router.Consumer(targets, keys));
        }
      }
    }
    if (graph.resultVertex() >= 0) {
      List<Channel> resultChannels = new ArrayList<>();
      for (int s = 0; s < consumersOf.get(graph.resultVertex()).size(); s++) {
        Channel c = new Channel(CHANNEL_CAPACITY_ROWS, 0);
        channels.add(c);
        consumersOf.get(graph.resultVertex()).get(s).add(new Router.Consumer(List.of(c), new int[0]));
        resultChannels.add(c);
      }
      result = new ResultStream(this, resultChannels);
      hasConsumer[graph.resultVertex()] = true;
    }
    List<String> taskNames = new ArrayList<>();
    for (int vi = 0; vi < vertices.size(); vi++) {
      for (int s = 0; s < vertices.get(vi).parallelism(); s++) {
        taskNames.add(vi + ":" + vertices.get(vi).name() + "#" + s);
      }
    }
    List<TaskSnapshot> restored = checkpoints == null ? null
        : checkpoints.restore(taskNames, planFingerprint()).map(CheckpointStore.Restored::tasks).orElse(null);
    for (int vi = 0; vi < vertices.size(); vi++) {
      VertexSpec v = vertices.get(vi);
      List<List<SourceSplit>> splitsPerSubtask = v.source() == null ? null : assignSplits(v);
      boolean terminal = !hasConsumer[vi] || vi == graph.resultVertex();
      for (int s = 0; s < v.parallelism(); s++) {
        List<OperatorContext> contexts = new ArrayList<>();
        for (OperatorSpec op : v.operators()) {
          contexts.add(new OperatorContext(op.name(), allocator(op.name() + "#" + s), s, v.parallelism(), metrics,
              checkpoints != null));
        }
        Supplier<SourceReader> reader = null;
        if (v.source() != null) {
          reader = readerFactory(v.source(), splitsPerSubtask.get(s), s, v.parallelism());
        }
        List<Router.Consumer> consumers = consumersOf.get(vi).get(s);
        Router router = consumers.isEmpty() ? null : router(vi, s, consumers);
        int index = tasks.size();
        Task task = new Task(this, index, taskNames.get(index), reader,
            v.source() == null ? null : v.source().watermark(), inputsOf.get(vi).get(s), v.operators(), contexts,
            router, terminal, v.source() == null ? 0 : v.source().idleTimeoutMillis(), checkpoints,
            restored == null ? null : restored.get(index));
        task.registerAsProducer(consumers.stream().flatMap(c -> c.targets().stream()).toList());
        tasks.add(task);
      }
    }
  }

  /** The plan as EXPLAIN shows it (every operator with its expressions), hashed: a changed query has another. */
  private String planFingerprint() {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(graph.explain().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  /** A router to the consumers of subtask {@code subtask} of {@code vertex}; splitting batches by key needs memory. */
  private Router router(int vertex, int subtask, List<Router.Consumer> consumers) {
    boolean byKey = consumers.stream().anyMatch(c -> c.keys().length > 0);
    return new Router(consumers, byKey ? allocator(graph.vertex(vertex).name() + "#" + subtask + ":exchange") : null);
  }

  private List<List<SourceSplit>> assignSplits(VertexSpec v) throws Exception {
    List<SourceSplit> splits = v.source().source().splits(v.parallelism());
    List<List<SourceSplit>> perSubtask = new ArrayList<>();
    for (int s = 0; s < v.parallelism(); s++) {
      perSubtask.add(new ArrayList<>());
    }
    for (int i = 0; i < splits.size(); i++) {
      perSubtask.get(i % v.parallelism()).add(splits.get(i));
    }
    return perSubtask;
  }

  private Supplier<SourceReader> readerFactory(SourceSpec spec, List<SourceSplit> splits, int subtask, int parallelism) {
    BufferAllocator allocator = allocator(spec.name() + "#" + subtask);
    ReaderContext context = new ReaderContext(allocator, spec.columns(), subtask, parallelism, spec.batchSize(), metrics,
        checkpoints != null);
    return () -> {
      try {
        return spec.source().createReader(splits, context);
      } catch (Exception e) {
        throw dev.weir.engine.Unchecked.of(e);
      }
    };
  }

  private BufferAllocator allocator(String name) {
    BufferAllocator a = root.newChildAllocator(name, 0, Long.MAX_VALUE);
    allocators.add(a);
    return a;
  }

  /** A new channel into {@code consumerInputs}, as input {@code port} of the consumer. */
  private Channel connect(List<Channel> consumerInputs, int port) {
    Channel c = new Channel(CHANNEL_CAPACITY_ROWS, port);
    channels.add(c);
    consumerInputs.add(c);
    return c;
  }

  void start() {
    started = true;
    runningTasks.set(tasks.size());
    runningTerminals.set((int) tasks.stream().filter(Task::isTerminal).count());
    if (tasks.isEmpty()) {
      allTasksDone.complete(null);
      completion.complete(null);
      return;
    }
    if (checkpoints != null) {
      checkpoints.start(List.copyOf(tasks));
    }
    for (Task t : tasks) {
      t.wake();
    }
  }

  /** The job's checkpoints so far, or null when it does not checkpoint. */
  public CheckpointCoordinator.Stats checkpointStats() {
    return checkpoints == null ? null : checkpoints.stats();
  }

  void taskFinished(Task task) {
    if (task.isTerminal() && runningTerminals.decrementAndGet() == 0) {
      // every sink has its whole input: whatever still runs upstream is no longer needed
      cancelled = true;
      tasks.forEach(Task::wake);
    }
    if (runningTasks.decrementAndGet() == 0) {
      if (checkpoints != null) {
        checkpoints.close();
      }
      allTasksDone.complete(null);
      Throwable f = failure.get();
      if (f != null) {
        completion.completeExceptionally(f);
      } else {
        completion.complete(null);
      }
      if (result != null) {
        result.signal();
      }
    }
  }

  /** Records the first failure and cancels the job. */
  void fail(Throwable t) {
    if (completion.isDone()) {
      return; // over already: a late failure (a checkpoint after the end) changes nothing
    }
    if (failure.compareAndSet(null, t)) {
      cancelled = true;
      tasks.forEach(Task::wake);
      if (result != null) {
        result.signal();
      }
    }
  }

  Throwable failure() {
    return failure.get();
  }

  /** Stops the job; its sinks are not finished. */
  public void cancel() {
    cancelledByClient = true;
    cancelled = true;
    tasks.forEach(Task::wake);
  }

  /** Whether {@link #cancel} was called (rather than the job ending by itself or failing). */
  public boolean wasCancelled() {
    return cancelledByClient;
  }

  public boolean isDone() {
    return completion.isDone();
  }

  /** Completes when the job ends, exceptionally when it failed. */
  public java.util.concurrent.CompletionStage<Void> done() {
    return completion;
  }

  /**
   * Starts a checkpoint now (after the one running, if any); the result completes with its number
   * once one started after this call is complete. Fails for a job without checkpoints.
   */
  public CompletableFuture<Long> checkpointNow() {
    if (checkpoints == null) {
      throw new IllegalStateException("job '" + name() + "' does not checkpoint");
    }
    return checkpoints.checkpointNow();
  }

  /** Waits for the job to end; rethrows its failure. Returns false on timeout. */
  public boolean await(Duration timeout) throws InterruptedException {
    try {
      completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new RuntimeException(cause.getMessage(), cause);
    }
  }

  /** Waits for the job to end, with no limit; rethrows its failure. */
  public void await() throws InterruptedException {
    await(Duration.ofDays(365));
  }

  /** Cancels the job if it still runs, waits for its subtasks, and releases all memory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancel();
    IllegalStateException stuck = null;
    if (started) {
      try {
        allTasksDone.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        stuck = new IllegalStateException("job '" + name() + "' did not stop within 30 s", e);
      }
    }
    if (checkpoints != null) {
      checkpoints.close(); // after the subtasks: they may still acknowledge while stopping
    }
    if (stuck != null) {
      throw stuck; // buffers may still be in use by running subtasks: releasing them now would be unsafe
    }
    channels.forEach(Channel::drain);
    IllegalStateException leak = null;
    for (BufferAllocator a : allocators) {
      try {
        a.close();
      } catch (IllegalStateException e) {
        leak = leak == null ? e : leak;
      }
    }
    try {
      root.close();
    } catch (IllegalStateException e) {
      leak = leak == null ? e : leak;
    }
    if (leak != null) {
      throw new IllegalStateException("job '" + name() + "' leaked Arrow memory: " + leak.getMessage(), leak);
    }
  }
}
