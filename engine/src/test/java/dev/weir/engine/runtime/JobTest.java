package dev.weir.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.OperatorSpec;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.limit.LimitOperator;
import dev.weir.engine.time.WatermarkStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobTest {
  private static final Engine ENGINE = new Engine(2);

  @AfterAll
  static void stop() {
    ENGINE.close();
  }

  private static VertexSpec source(String name, long rows, int splits, int parallelism, AtomicLong produced,
      String failAt, List<OperatorSpec> chain) {
    SourceSpec spec = new SourceSpec(name, name, TestSources.counter(rows, splits, 100, produced, failAt),
        TestSources.COLUMNS, new WatermarkStrategy(1, 0), 100);
    return new VertexSpec(name, parallelism, spec, chain, List.of());
  }

  /** Reads every value of column 0 of a query's result. */
  private static List<Long> drain(ResultStream result) throws InterruptedException {
    List<Long> values = new ArrayList<>();
    for (VectorSchemaRoot next = result.next(); next != null; next = result.next()) {
      try (VectorSchemaRoot b = next) {
        BigIntVector v = (BigIntVector) b.getVector(0);
        for (int i = 0; i < b.getRowCount(); i++) {
          values.add(v.get(i));
        }
      }
    }
    return values;
  }

  @Test
  void parallelSplitsDeliverEveryRowOnceAndReleaseAllMemory() throws Exception {
    JobGraph graph = new JobGraph("splits");
    int v = graph.add(source("scan", 10_000, 4, 3, new AtomicLong(), null, List.of()));
    graph.setResultVertex(v);
    Job job = ENGINE.submit(graph);
    List<Long> values;
    try (ResultStream result = job.result()) {
      values = drain(result);
    } // close() throws if any Arrow buffer leaked
    Collections.sort(values);
    assertEquals(10_000, values.size());
    for (int i = 0; i < values.size(); i++) {
      assertEquals(i, values.get(i));
    }
  }

  @Test
  void aSlowConsumerHoldsTheSourceBack() throws Exception {
    AtomicLong produced = new AtomicLong();
    JobGraph graph = new JobGraph("backpressure");
    int v = graph.add(source("scan", -1, 1, 1, produced, null, List.of()));
    graph.setResultVertex(v);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      // nobody reads: the source must stop once the channel is full, not fill the heap
      long last = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int stable = 0;
      while (stable < 5 && System.nanoTime() < deadline) {
        long now = produced.get();
        stable = now == last ? stable + 1 : 0;
        last = now;
        Thread.sleep(50);
      }
      assertTrue(stable >= 5, "the source never stopped: " + produced.get() + " rows");
      assertTrue(produced.get() <= Job.CHANNEL_CAPACITY_ROWS + 200,
          "the source ran ahead of the bound: " + produced.get() + " rows");
      // reading lets it go on
      long before = produced.get();
      for (int i = 0; i < 300; i++) {
        result.next().close();
      }
      assertTrue(produced.get() > before, "reading did not resume the source");
    }
  }

  @Test
  void limitEndsAnUnboundedSource() throws Exception {
    JobGraph graph = new JobGraph("limit");
    int scan = graph.add(source("scan", -1, 2, 2, new AtomicLong(), null, List.of()));
    int limit = graph.add(new VertexSpec("limit", 1, null,
        List.of(new OperatorSpec("limit", "Limit", () -> new LimitOperator(5, 7))), List.of(scan)));
    graph.setResultVertex(limit);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      assertEquals(7, drain(result).size());
    }
    assertTrue(job.await(Duration.ofSeconds(10)), "the job did not end after its limit");
  }

  @Test
  void aCancelledQueryEndsItsResult() throws Exception {
    JobGraph graph = new JobGraph("cancel");
    int v = graph.add(source("scan", -1, 1, 1, new AtomicLong(), null, List.of()));
    graph.setResultVertex(v);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      result.next().close();
      job.cancel();
      assertTrue(job.await(Duration.ofSeconds(10)), "the job did not stop");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      VectorSchemaRoot b;
      while ((b = result.poll(100, TimeUnit.MILLISECONDS)) != null || !result.isFinished()) {
        if (b != null) {
          b.close();
        }
        assertTrue(System.nanoTime() < deadline, "the result of a cancelled job never ended");
      }
    }
  }

  @Test
  void aFailingSourceFailsTheQueryWithItsMessage() throws Exception {
    JobGraph graph = new JobGraph("failing");
    int v = graph.add(source("scan", 1000, 1, 1, new AtomicLong(), "disk on fire", List.of()));
    graph.setResultVertex(v);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> drain(result));
      assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    }
  }

  /** Records the watermarks it sees. */
  private static final class WatermarkRecorder implements Operator {
    static final List<Long> SEEN = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void processBatch(int input, VectorSchemaRoot batch, Output out) {
      out.emit(batch);
    }

    @Override
    public void onWatermark(long timestamp, Output out) {
      SEEN.add(timestamp);
      out.emitWatermark(timestamp);
    }
  }

  @Test
  void aMergedWatermarkIsTheMinimumOfItsInputs() throws Exception {
    WatermarkRecorder.SEEN.clear();
    JobGraph graph = new JobGraph("watermarks");
    SourceSpec fast = source("fast", 5000, 1, 1, new AtomicLong(), null, List.of()).source();
    SourceSpec stalled = new SourceSpec("slow", "slow", TestSources.counter(300, 1, 100, new AtomicLong(), null, true),
        TestSources.COLUMNS, new WatermarkStrategy(1, 0), 100);
    mergeIntoRecorder(graph, fast, stalled);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      int rows = 0;
      while (rows < 5300) {
        VectorSchemaRoot b = result.poll(10, TimeUnit.SECONDS);
        assertTrue(b != null, "rows stopped arriving after " + rows);
        rows += b.getRowCount();
        b.close();
      }
      // 'fast' is done (its watermark is +infinity) but 'slow' stalls at event time 299; its last
      // watermark follows its last rows, so it may reach the recorder just after them
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<Long> seen = new ArrayList<>(WatermarkRecorder.SEEN);
      while ((seen.isEmpty() || seen.get(seen.size() - 1) != 298) && System.nanoTime() < deadline) {
        Thread.sleep(1);
        seen = new ArrayList<>(WatermarkRecorder.SEEN);
      }
      assertTrue(!seen.isEmpty() && seen.get(seen.size() - 1) == 298, "merged watermarks: " + seen);
    }
  }

  @Test
  void anIdleInputStopsHoldingTheWatermarkBack() throws Exception {
    WatermarkRecorder.SEEN.clear();
    JobGraph graph = new JobGraph("idle");
    SourceSpec fast = new SourceSpec("fast", "fast", TestSources.counter(-1, 1, 100, new AtomicLong(), null),
        TestSources.COLUMNS, new WatermarkStrategy(1, 0), 100);
    SourceSpec quiet = new SourceSpec("quiet", "quiet", TestSources.counter(300, 1, 100, new AtomicLong(), null, true),
        TestSources.COLUMNS, new WatermarkStrategy(1, 0), 100, 200);
    mergeIntoRecorder(graph, fast, quiet);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      // 'quiet' stops at event time 299 but, idle after 200 ms, no longer holds the merged watermark back
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (new ArrayList<>(WatermarkRecorder.SEEN).stream().noneMatch(w -> w > 10_000)) {
        assertTrue(System.nanoTime() < deadline, "the watermark stayed behind the idle input");
        VectorSchemaRoot batch = result.poll(100, TimeUnit.MILLISECONDS);
        if (batch != null) {
          batch.close();
        }
      }
    }
  }

  @Test
  void anEndedInputBesideAnIdleOneDoesNotEndTheWatermark() throws Exception {
    WatermarkRecorder.SEEN.clear();
    JobGraph graph = new JobGraph("ended-and-idle");
    SourceSpec bounded = new SourceSpec("bounded", "bounded", TestSources.counter(300, 1, 100, new AtomicLong(), null),
        TestSources.COLUMNS, new WatermarkStrategy(1, 0), 100);
    SourceSpec quiet = new SourceSpec("quiet", "quiet", TestSources.counter(100, 1, 100, new AtomicLong(), null, true),
        TestSources.COLUMNS, new WatermarkStrategy(1, 0), 100, 50);
    mergeIntoRecorder(graph, bounded, quiet);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
      int rows = 0;
      while (System.nanoTime() < until) {
        VectorSchemaRoot batch = result.poll(50, TimeUnit.MILLISECONDS);
        if (batch != null) {
          rows += batch.getRowCount();
          batch.close();
        }
      }
      assertEquals(400, rows);
      // 'quiet' is idle but open: it may still send rows, so the watermark must not jump to +infinity
      assertTrue(new ArrayList<>(WatermarkRecorder.SEEN).stream().noneMatch(w -> w == Long.MAX_VALUE),
          "the watermark ended while an idle input was still open");
    }
  }

  @Test
  void aBoundedInputEndsWithTheWatermarkAtInfinity() throws Exception {
    WatermarkRecorder.SEEN.clear();
    JobGraph graph = new JobGraph("end");
    int v = graph.add(source("scan", 1000, 2, 2, new AtomicLong(), null,
        List.of(new OperatorSpec("rec", "rec", WatermarkRecorder::new))));
    graph.setResultVertex(v);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      assertEquals(1000, drain(result).size());
    }
    List<Long> seen = new ArrayList<>(WatermarkRecorder.SEEN);
    assertEquals(Long.MAX_VALUE, seen.get(seen.size() - 1), "the last watermark is +infinity: " + seen);
  }

  /** Records which subtask saw which value of column 0 (mod 10). */
  private static final class KeyRecorder implements Operator {
    static final java.util.Map<Long, java.util.Set<Integer>> SUBTASKS_BY_KEY = new java.util.concurrent.ConcurrentHashMap<>();
    private int subtask;

    @Override
    public void open(OperatorContext context) {
      subtask = context.subtask();
    }

    @Override
    public void processBatch(int input, VectorSchemaRoot batch, Output out) {
      BigIntVector v = (BigIntVector) batch.getVector(0);
      for (int i = 0; i < batch.getRowCount(); i++) {
        SUBTASKS_BY_KEY.computeIfAbsent(v.get(i), k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(subtask);
      }
      out.emit(batch);
    }
  }

  @Test
  void aPartitionedEdgeBringsEachKeyToOneSubtask() throws Exception {
    KeyRecorder.SUBTASKS_BY_KEY.clear();
    JobGraph graph = new JobGraph("by-key");
    int scan = graph.add(source("scan", 5000, 4, 2, new AtomicLong(), null, List.of()));
    int keyed = graph.add(VertexSpec.keyed("keyed", 3, List.of(new OperatorSpec("rec", "rec", KeyRecorder::new)),
        scan, List.of(0)));
    graph.setResultVertex(keyed);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      assertEquals(5000, drain(result).size());
    }
    assertEquals(5000, KeyRecorder.SUBTASKS_BY_KEY.size());
    assertTrue(KeyRecorder.SUBTASKS_BY_KEY.values().stream().allMatch(s -> s.size() == 1),
        "a key reached more than one subtask");
    long used = KeyRecorder.SUBTASKS_BY_KEY.values().stream().flatMap(java.util.Set::stream).distinct().count();
    assertEquals(3, used, "keys spread over every subtask");
  }

  @Test
  void aVertexReadByManyConsumersGivesEachOfThemEveryRow() throws Exception {
    InputRecorder.SUBTASKS.clear();
    JobGraph graph = new JobGraph("shared");
    int scan = graph.add(source("scan", 2000, 2, 2, new AtomicLong(), null, List.of()));
    // the same vertex as both inputs of a keyed consumer (a self-join), and as the input of a forward one
    int both = graph.add(new VertexSpec("both", 3, null, List.of(new OperatorSpec("rec", "rec", InputRecorder::new)),
        List.of(scan, scan), List.of(List.of(0), List.of(0))));
    int copy = graph.add(new VertexSpec("copy", 2, null, List.of(), List.of(scan)));
    int union = graph.add(new VertexSpec("union", 1, null, List.of(), List.of(both, copy)));
    graph.setResultVertex(union);
    Job job = ENGINE.submit(graph);
    List<Long> values;
    try (ResultStream result = job.result()) {
      values = drain(result);
    } // close() throws if a shared buffer leaked
    Collections.sort(values);
    assertEquals(6000, values.size());
    for (int i = 0; i < values.size(); i++) {
      assertEquals(i / 3, values.get(i), "every row three times: twice through 'both', once through 'copy'");
    }
    for (long input = 0; input < 2; input++) {
      for (long v = 0; v < 2000; v++) {
        assertEquals(1, InputRecorder.SUBTASKS.get(List.of(input, v)).size(), "input " + input + " value " + v);
      }
    }
  }

  @Test
  void aConsumerThatFinishesEarlyDoesNotHoldBackTheOthersOfItsInput() {
    // one reader of the scan stops after 3 rows (a LIMIT); the other needs every row, far more than a channel holds
    JobGraph graph = new JobGraph("limit-and-all");
    int scan = graph.add(source("scan", 100_000, 1, 1, new AtomicLong(), null, List.of()));
    int limit = graph.add(new VertexSpec("limit", 1, null,
        List.of(new OperatorSpec("limit", "Limit", () -> new LimitOperator(0, 3))), List.of(scan)));
    int union = graph.add(new VertexSpec("union", 1, null, List.of(), List.of(limit, scan)));
    graph.setResultVertex(union);
    List<Long> values = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      Job job = ENGINE.submit(graph);
      try (ResultStream result = job.result()) {
        return drain(result);
      }
    });
    assertEquals(100_003, values.size());
  }

  /** Records, per input and value of column 0, the subtasks that saw it. */
  private static final class InputRecorder implements Operator {
    static final java.util.Map<List<Long>, java.util.Set<Integer>> SUBTASKS = new java.util.concurrent.ConcurrentHashMap<>();
    private int subtask;

    @Override
    public void open(OperatorContext context) {
      subtask = context.subtask();
    }

    @Override
    public void processBatch(int input, VectorSchemaRoot batch, Output out) {
      BigIntVector v = (BigIntVector) batch.getVector(0);
      for (int i = 0; i < batch.getRowCount(); i++) {
        SUBTASKS.computeIfAbsent(List.of((long) input, v.get(i)), k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
            .add(subtask);
      }
      out.emit(batch);
    }
  }

  @Test
  void aTwoInputVertexKnowsEachBatchsInputAndMeetsEqualKeysInOneSubtask() throws Exception {
    InputRecorder.SUBTASKS.clear();
    JobGraph graph = new JobGraph("two-inputs");
    int left = graph.add(source("left", 1000, 2, 2, new AtomicLong(), null, List.of()));
    int right = graph.add(source("right", 500, 3, 1, new AtomicLong(), null, List.of()));
    int joined = graph.add(new VertexSpec("meet", 3, null, List.of(new OperatorSpec("rec", "rec", InputRecorder::new)),
        List.of(left, right), List.of(List.of(0), List.of(0))));
    graph.setResultVertex(joined);
    Job job = ENGINE.submit(graph);
    try (ResultStream result = job.result()) {
      assertEquals(1500, drain(result).size());
    }
    var seen = InputRecorder.SUBTASKS;
    assertEquals(1500, seen.size(), "every row, under the input it came from");
    for (long v = 0; v < 500; v++) {
      assertEquals(1, seen.get(List.of(0L, v)).size());
      assertEquals(seen.get(List.of(0L, v)), seen.get(List.of(1L, v)), "value " + v + " met in one subtask");
    }
    assertTrue(seen.keySet().stream().filter(k -> k.get(0) == 1L).allMatch(k -> k.get(1) < 500));
  }

  /** Adds the two sources and a single merging vertex that records the watermarks it sees, as the result. */
  private static void mergeIntoRecorder(JobGraph graph, SourceSpec first, SourceSpec second) {
    int a = graph.add(new VertexSpec(first.name(), 1, first, List.of(), List.of()));
    int b = graph.add(new VertexSpec(second.name(), 1, second, List.of(), List.of()));
    int merge = graph.add(new VertexSpec("merge", 1, null,
        List.of(new OperatorSpec("rec", "rec", WatermarkRecorder::new)), List.of(a, b)));
    graph.setResultVertex(merge);
  }

  /** Allocates a buffer it never releases. */
  private static final class Leaker implements Operator {
    private ArrowBuf kept;

    @Override
    public void open(OperatorContext context) {
      kept = context.allocator().buffer(64);
    }

    @Override
    public void processBatch(int input, VectorSchemaRoot batch, Output out) {
      out.emit(batch);
    }
  }

  @Test
  void aLeakedBufferFailsTheJobOnClose() throws Exception {
    JobGraph graph = new JobGraph("leak");
    int v = graph.add(source("scan", 10, 1, 1, new AtomicLong(), null,
        List.of(new OperatorSpec("leaker", "leaker", Leaker::new))));
    graph.setResultVertex(v);
    Job job = ENGINE.submit(graph);
    ResultStream result = job.result();
    drain(result);
    IllegalStateException e = assertThrows(IllegalStateException.class, result::close);
    assertTrue(e.getMessage().contains("leaked Arrow memory"), e.getMessage());
  }
}
