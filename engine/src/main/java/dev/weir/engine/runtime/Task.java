package dev.weir.engine.runtime;

import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.engine.Unchecked;
import dev.weir.engine.batch.StreamElement;
import dev.weir.engine.checkpoint.Committer;
import dev.weir.engine.checkpoint.TaskSnapshot;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.OperatorSpec;
import dev.weir.engine.state.ChunkedBytes;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import dev.weir.engine.operator.Output;
import dev.weir.engine.time.WatermarkStrategy;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One subtask of a vertex: a source reader or input channels, a fused chain of operators, and a
 * router to the channels downstream (none for a sink, whose chain ends in a writer).
 */
final class Task extends Schedulable {
  /** Elements handled per slice before yielding the thread to others. */
  private static final int SLICE = 32;

  private final Job job;
  /** This subtask's number in the job (its file in a checkpoint). */
  private final int index;
  private final String name;
  private final Supplier<SourceReader> readerFactory;
  private final WatermarkStrategy.Generator watermarks;
  private final Channel[] inputs;
  private final long[] inputWatermarks;
  private final boolean[] inputEnded;
  private final boolean[] inputIdle;
  /** Per input port (a head operator's input), its channels still open. */
  private final int[] openChannelsPerPort;
  private final long idleTimeoutNanos;
  private long lastDataNanos = System.nanoTime();
  private boolean outputIdle;
  private final Operator[] chain;
  private final List<OperatorSpec> specs;
  private final OperatorContext[] contexts;
  private final Output[] outputs;
  private final Router router;
  private final boolean terminal;

  private SourceReader reader;
  private boolean opened;
  private boolean finished;
  private boolean ended;
  private int nextInput;
  private int endedInputs;
  private long watermark = Long.MIN_VALUE;

  // checkpoints (all null or idle without them)
  private final CheckpointCoordinator checkpoints;
  private final TaskSnapshot restored;
  /** Set by the coordinator for a source subtask: the checkpoint to take next. */
  private volatile long checkpointRequested;
  private long lastCheckpoint;
  /** Multiple inputs: the checkpoint whose barriers are being aligned, and the inputs that gave theirs. */
  private long aligning = -1;
  private final boolean[] blocked;
  private int blockedCount;
  /** Set by the coordinator: the newest complete checkpoint; the sinks commit up to it. */
  private volatile long completedCheckpoint;
  private long committedCheckpoint;
  /** A sink subtask whose input ended waits for a checkpoint at or after this one to commit it, then finishes. */
  private long finalCommitAt = -1;

  Task(Job job, int index, String name, Supplier<SourceReader> readerFactory, WatermarkStrategy watermarkStrategy,
      List<Channel> inputs, List<OperatorSpec> specs, List<OperatorContext> contexts, Router router, boolean terminal,
      long idleTimeoutMillis, CheckpointCoordinator checkpoints, TaskSnapshot restored) {
    super(job.scheduler());
    this.job = job;
    this.index = index;
    this.name = name;
    this.checkpoints = checkpoints;
    this.restored = restored;
    this.readerFactory = readerFactory;
    this.watermarks = watermarkStrategy == null ? null : watermarkStrategy.newGenerator(idleTimeoutMillis * 1_000_000L);
    this.inputs = inputs.toArray(new Channel[0]);
    this.inputWatermarks = new long[this.inputs.length];
    java.util.Arrays.fill(inputWatermarks, Long.MIN_VALUE);
    this.inputEnded = new boolean[this.inputs.length];
    this.inputIdle = new boolean[this.inputs.length];
    this.blocked = new boolean[this.inputs.length];
    this.openChannelsPerPort = new int[this.inputs.length == 0 ? 0
        : java.util.Arrays.stream(this.inputs).mapToInt(Channel::port).max().getAsInt() + 1];
    for (Channel c : this.inputs) {
      openChannelsPerPort[c.port()]++;
    }
    this.idleTimeoutNanos = idleTimeoutMillis * 1_000_000L;
    this.specs = List.copyOf(specs);
    this.chain = new Operator[specs.size()];
    for (int i = 0; i < chain.length; i++) {
      chain[i] = specs.get(i).factory().get();
    }
    this.contexts = contexts.toArray(new OperatorContext[0]);
    this.router = router;
    this.terminal = terminal;
    this.outputs = new Output[this.chain.length];
    for (int i = 0; i < this.chain.length; i++) {
      outputs[i] = new ChainOutput(i);
    }
    for (Channel c : this.inputs) {
      c.onData(this::wake);
    }
  }

  String name() {
    return name;
  }

  boolean isTerminal() {
    return terminal;
  }

  boolean isSource() {
    return readerFactory != null;
  }

  /** Asks this source subtask to take checkpoint {@code id} before its next batch. */
  void triggerCheckpoint(long id) {
    checkpointRequested = id;
    wake();
  }

  /** Checkpoint {@code id} is complete: sinks may commit. */
  void checkpointComplete(long id) {
    completedCheckpoint = id;
    wake();
  }

  void registerAsProducer(List<Channel> downstream) {
    for (Channel c : downstream) {
      c.onSpace(this::wake);
    }
  }

  @Override
  protected boolean isFinished() {
    return finished;
  }

  @Override
  protected boolean runSlice() {
    try {
      if (opened) {
        commitCompletedCheckpoints(); // what a complete checkpoint holds is committed, even by a cancelled job
      }
      if (job.isCancelled()) {
        finish();
        return false;
      }
      if (!opened) {
        open();
      }
      for (int i = 0; i < SLICE; i++) {
        if (ended) {
          finishUnlessCommitting();
          return false;
        }
        if (reader != null && checkpointRequested > lastCheckpoint) {
          checkpoint(checkpointRequested); // a barrier may always go, even into full channels
        }
        if (router != null && !router.hasSpace()) {
          return false; // the channel wakes us when there is room
        }
        if (!(reader != null ? stepSource() : stepInput())) {
          if (ended) {
            finishUnlessCommitting();
          }
          return false;
        }
      }
      return true;
    } catch (Throwable t) {
      job.fail(new RuntimeException(userMessage(t), t));
      finish();
      return false;
    }
  }

  /** The failure as users should read it: SQL's words rather than Java's where they differ. */
  static String userMessage(Throwable t) {
    Throwable cause = t;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ArithmeticException && "/ by zero".equals(cause.getMessage())) {
      return "Division by zero";
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  private void open() throws Exception {
    opened = true;
    for (int i = 0; i < chain.length; i++) {
      chain[i].open(contexts[i]);
    }
    if (restored != null && restored.finished()) {
      resumeFinished();
      return;
    }
    if (restored != null) {
      watermark = restored.watermark();
      for (int i = 0; i < chain.length; i++) {
        if (chain[i] instanceof Committer committer) {
          committer.recover(restored.operators()[i].toByteArray());
        } else {
          chain[i].restoreState(new StateReader(restored.operators()[i].inputStream()));
        }
      }
      restored.release();
    }
    if (readerFactory != null) {
      reader = readerFactory.get();
      if (restored != null) {
        reader.restore(restored.sourcePosition());
      }
    }
  }

  /**
   * Restored from a checkpoint taken after this subtask ended: its sinks commit what they had
   * precommitted and finish; downstream hears again that it ended; it reads and processes nothing.
   */
  private void resumeFinished() throws Exception {
    for (int i = 0; i < chain.length; i++) {
      if (chain[i] instanceof Committer committer) {
        committer.recover(restored.operators()[i].toByteArray());
        committer.finishCommitted();
      }
    }
    ended = true;
    if (router != null) {
      router.broadcast(StreamElement.Watermark.END);
      router.broadcast(StreamElement.EndOfInput.INSTANCE);
    }
    checkpoints.taskEnded(index, restored);
  }

  /** Commits what the sinks precommitted, up to the newest complete checkpoint; a sink whose input ended then finishes. */
  private void commitCompletedCheckpoints() throws Exception {
    long complete = completedCheckpoint;
    if (complete <= committedCheckpoint) {
      return;
    }
    committedCheckpoint = complete;
    for (Operator op : chain) {
      if (op instanceof Committer committer) {
        committer.commit(complete);
      }
    }
    if (reader != null) {
      reader.notifyCheckpointComplete(complete);
    }
    if (finalCommitAt >= 0 && complete >= finalCommitAt) {
      for (Operator op : chain) {
        if (op instanceof Committer committer) {
          committer.finishCommitted();
        }
      }
      finalCommitAt = -1;
    }
  }

  /**
   * Finishes, unless a sink still waits for the checkpoint that commits the end of its input;
   * meanwhile it drains its inputs (a LIMIT ended it while upstream goes on), so that upstream
   * never stalls on a full channel and the checkpoint can come.
   */
  private void finishUnlessCommitting() {
    if (finalCommitAt < 0) {
      finish();
      return;
    }
    for (Channel input : inputs) {
      for (StreamElement e = input.poll(); e != null; e = input.poll()) {
        if (e instanceof StreamElement.Batch b) {
          b.root().close();
        }
      }
    }
  }

  /** Takes checkpoint {@code id} here, between two elements, and passes its barrier on. */
  private void checkpoint(long id) throws Exception {
    lastCheckpoint = id;
    commitCompletedCheckpoints(); // a sink commits the last checkpoint before it precommits the next
    TaskSnapshot snapshot = new TaskSnapshot(name, false, watermark, reader == null ? null : position(id),
        snapshotChain(id));
    if (router != null) {
      router.broadcast(new StreamElement.CheckpointBarrier(id));
    }
    checkpoints.acknowledge(id, index, snapshot);
  }

  private byte[] position(long checkpointId) throws Exception {
    byte[] position = reader.position(checkpointId);
    if (position == null) {
      throw new IllegalStateException("The source of '" + name + "' cannot resume from a checkpoint ("
          + reader.getClass().getSimpleName() + " gives no position); run it without checkpoints.");
    }
    return position;
  }

  /** A barrier came on input {@code i}: once every open input has given its, the checkpoint is taken. */
  private void onBarrier(int i, long id) throws Exception {
    if (id <= lastCheckpoint) {
      return;
    }
    if (inputs.length == 1) {
      checkpoint(id);
      return;
    }
    aligning = id;
    blocked[i] = true;
    blockedCount++;
    checkAligned();
  }

  private void checkAligned() throws Exception {
    if (aligning < 0) {
      return;
    }
    int open = 0;
    for (boolean e : inputEnded) {
      open += e ? 0 : 1;
    }
    if (blockedCount < open) {
      return;
    }
    long id = aligning;
    aligning = -1;
    java.util.Arrays.fill(blocked, false);
    blockedCount = 0;
    checkpoint(id);
  }

  /** Reads one batch from the source; false when there was nothing to do now. */
  private boolean stepSource() throws Exception {
    VectorSchemaRoot batch = reader.poll();
    if (batch == null) {
      if (reader.isFinished()) {
        setOutputIdle(false);
        advanceWatermark(StreamElement.Watermark.END.timestamp());
        endChain(0);
      } else {
        long now = System.nanoTime();
        long wm = watermarks == null ? Long.MIN_VALUE : watermarks.onIdle(now);
        if (wm != Long.MIN_VALUE) {
          advanceWatermark(wm); // a quiet split stopped holding it back
        }
        long quiet = now - lastDataNanos;
        if (idleTimeoutNanos > 0 && quiet >= idleTimeoutNanos) {
          setOutputIdle(true);
        }
        long wait = reader.idleNanos();
        if (idleTimeoutNanos > 0 && !outputIdle) {
          wait = Math.min(wait, Math.max(1, idleTimeoutNanos - quiet));
        }
        wakeLater(wait);
      }
      return false;
    }
    lastDataNanos = System.nanoTime();
    setOutputIdle(false);
    job.metrics().increment(JobMetrics.ROWS_READ, batch.getRowCount());
    long wm = watermarks == null ? Long.MIN_VALUE
        : watermarks.onBatch(batch, reader.lastBatchSplit(), reader.splitCount(), lastDataNanos);
    push(0, batch);
    if (wm != Long.MIN_VALUE) {
      advanceWatermark(wm);
    }
    verifySnapshots();
    return true;
  }

  /** Handles one element from the inputs; false when none had anything. */
  private boolean stepInput() throws Exception {
    for (int k = 0; k < inputs.length; k++) {
      int i = (nextInput + k) % inputs.length;
      if (inputEnded[i] || blocked[i]) {
        continue; // a blocked input gave its barrier: it waits until the others have given theirs
      }
      StreamElement e = inputs[i].poll();
      if (e == null) {
        continue;
      }
      nextInput = (i + 1) % inputs.length;
      if (e instanceof StreamElement.Batch b) {
        if (ended) {
          b.root().close();
        } else {
          push(inputs[i].port(), b.root());
        }
      } else if (e instanceof StreamElement.Watermark w) {
        inputWatermarks[i] = w.timestamp();
        advanceWatermark(combinedWatermark());
      } else if (e instanceof StreamElement.Idleness status) {
        inputIdle[i] = status.idle();
        advanceWatermark(combinedWatermark());
        setOutputIdle(allInputsIdle());
      } else if (e instanceof StreamElement.CheckpointBarrier barrier) {
        onBarrier(i, barrier.id());
      } else if (e == StreamElement.EndOfInput.INSTANCE) {
        inputEnded[i] = true;
        inputWatermarks[i] = Long.MAX_VALUE;
        checkAligned(); // an input that ended gives no barrier
        if (++endedInputs == inputs.length) {
          endChain(0);
          return true;
        } else {
          if (--openChannelsPerPort[inputs[i].port()] == 0 && chain.length > 0 && !ended) {
            chain[0].onInputEnded(inputs[i].port(), outputs[0]);
          }
          advanceWatermark(combinedWatermark());
        }
      }
      verifySnapshots();
      return true;
    }
    return false;
  }

  /**
   * The chain's state, one snapshot per operator (empty for a stateless one), taken between two
   * elements.
   */
  private ChunkedBytes[] snapshotChain(long checkpointId) throws Exception {
    ChunkedBytes[] states = new ChunkedBytes[chain.length];
    for (int i = 0; i < chain.length; i++) {
      if (chain[i] instanceof Committer committer) {
        states[i] = ChunkedBytes.of(checkpointId < 0 ? new byte[0] : committer.precommit(checkpointId));
        continue;
      }
      StateWriter out = new StateWriter();
      chain[i].snapshotState(out);
      states[i] = out.bytes();
    }
    return states;
  }

  /**
   * With {@link Job#verifiesSnapshots()}: after each element, every stateful operator of the
   * chain is snapshotted, replaced by a fresh instance of its spec and restored from the snapshot.
   * Anything a snapshot forgets then changes the job's results.
   */
  private void verifySnapshots() throws Exception {
    if (!job.verifiesSnapshots() || ended) {
      return;
    }
    ChunkedBytes[] states = snapshotChain(-1);
    for (int i = 0; i < chain.length; i++) {
      if (states[i].size() == 0 || chain[i] instanceof Committer) {
        continue; // stateless, or a sink: nothing to restore
      }
      Operator fresh = specs.get(i).factory().get();
      fresh.open(contexts[i]);
      fresh.restoreState(new StateReader(states[i].inputStream()));
      states[i].release();
      chain[i].close();
      chain[i] = fresh;
    }
  }

  /**
   * The minimum over open inputs that are not idle. With none active: no advance while any open
   * input is idle (it may still send data), +infinity once every input has ended.
   */
  private long combinedWatermark() {
    long min = Long.MAX_VALUE;
    boolean active = false;
    boolean idleOpen = false;
    for (int i = 0; i < inputWatermarks.length; i++) {
      if (inputEnded[i]) {
        continue;
      }
      if (inputIdle[i]) {
        idleOpen = true;
      } else {
        active = true;
        min = Math.min(min, inputWatermarks[i]);
      }
    }
    return active ? min : idleOpen ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  private boolean allInputsIdle() {
    boolean any = false;
    for (int i = 0; i < inputs.length; i++) {
      if (!inputEnded[i]) {
        if (!inputIdle[i]) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** Tells downstream when this subtask goes idle or becomes active again. */
  private void setOutputIdle(boolean idle) {
    if (idle != outputIdle) {
      outputIdle = idle;
      if (router != null && !ended) {
        router.broadcast(idle ? StreamElement.Idleness.IDLE : StreamElement.Idleness.ACTIVE);
      }
    }
  }

  private void push(int port, VectorSchemaRoot batch) throws Exception {
    if (chain.length == 0) {
      route(batch);
    } else {
      chain[0].processBatch(port, batch, outputs[0]);
    }
  }

  private void advanceWatermark(long timestamp) throws Exception {
    if (timestamp <= watermark || ended) {
      return;
    }
    watermark = timestamp;
    if (chain.length == 0) {
      if (router != null) {
        router.broadcast(new StreamElement.Watermark(timestamp));
      }
    } else {
      chain[0].onWatermark(timestamp, outputs[0]);
    }
  }

  /** Ends operators {@code from..} in order, then the stream downstream. */
  private void endChain(int from) throws Exception {
    if (ended) {
      return;
    }
    ended = true;
    boolean committing = false;
    for (int i = from; i < chain.length; i++) {
      if (checkpoints != null && chain[i] instanceof Committer) {
        committing = true; // its end is committed by the last checkpoint
      } else {
        chain[i].onEndOfInput(outputs[i]);
      }
    }
    if (router != null) {
      router.broadcast(StreamElement.EndOfInput.INSTANCE);
    }
    if (checkpoints != null) {
      long id = checkpoints.nextId();
      if (committing) {
        finalCommitAt = id;
      }
      // a finished subtask is never restored but as finished: its source need not be able to resume, and
      // of its operators only the sinks' precommits matter
      ChunkedBytes[] states = new ChunkedBytes[chain.length];
      for (int i = 0; i < chain.length; i++) {
        states[i] = ChunkedBytes.of(chain[i] instanceof Committer committer ? committer.precommit(id) : new byte[0]);
      }
      checkpoints.taskEnded(index, new TaskSnapshot(name, true, watermark, reader == null ? null
          : reader.position(id), states));
    }
  }

  private void route(VectorSchemaRoot batch) {
    if (router == null || batch.getRowCount() == 0) {
      batch.close();
    } else {
      router.emit(batch);
    }
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    for (Operator op : chain) {
      closeQuietly(op);
    }
    if (reader != null) {
      closeQuietly(reader);
    }
    for (Channel input : inputs) {
      input.consumerFinished(); // an upstream vertex that others read too must not wait for this one
    }
    job.taskFinished(this);
  }

  private void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      job.fail(e);
    }
  }

  /** Connects operator {@code index} to the next one in the chain, or to the router. */
  private final class ChainOutput implements Output {
    private final int index;

    ChainOutput(int index) {
      this.index = index;
    }

    @Override
    public void emit(VectorSchemaRoot batch) {
      if (batch.getRowCount() == 0) {
        batch.close();
        return;
      }
      if (index + 1 < chain.length) {
        try {
          chain[index + 1].processBatch(0, batch, outputs[index + 1]);
        } catch (Exception e) {
          throw Unchecked.of(e);
        }
      } else {
        route(batch);
      }
    }

    @Override
    public void emitWatermark(long timestamp) {
      if (index + 1 < chain.length) {
        try {
          chain[index + 1].onWatermark(timestamp, outputs[index + 1]);
        } catch (Exception e) {
          throw Unchecked.of(e);
        }
      } else if (router != null) {
        router.broadcast(new StreamElement.Watermark(timestamp));
      }
    }

    @Override
    public void endOfInput() {
      try {
        endChain(index + 1);
      } catch (Exception e) {
        throw Unchecked.of(e);
      }
    }
  }
}
