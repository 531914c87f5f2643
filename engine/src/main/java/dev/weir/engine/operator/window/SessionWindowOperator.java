package dev.weir.engine.operator.window;

import dev.weir.engine.batch.Batches;
import dev.weir.engine.operator.Operator;
import dev.weir.engine.operator.OperatorContext;
import dev.weir.engine.operator.Output;
import dev.weir.engine.operator.aggregate.HashAggregateOperator;
import dev.weir.engine.state.KeyIndex;
import dev.weir.engine.state.RowArena;
import dev.weir.engine.state.StateReader;
import dev.weir.engine.state.StateWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code SESSION}: a key's rows less than {@code gap} apart form one session, from its first row's
 * time to its last row's time plus the gap. A session can grow, and two can merge when a row
 * bridges them, until the watermark passes its end; then its rows are emitted with {@code
 * window_start}, {@code window_end} and {@code window_time} appended (so a window aggregate
 * downstream groups them as it does any window's), and its state is freed.
 *
 * <p>Rows wait in Arrow vectors (an arena, compacted when most of it is dead); a session is a list
 * of their row numbers. Rows at or before the watermark are late: dropped and counted. Rows
 * without a time fall in no session.
 */
public final class SessionWindowOperator implements Operator {
  private final int[] keys;
  private final int timeColumn;
  private final long gap;
  private final Schema inputSchema;
  private final Schema outputSchema;

  /** The keys with open sessions, each with a slot; per slot, its open sessions (null once none are). */
  private KeyIndex keyIndex;
  private final List<List<Session>> sessions = new ArrayList<>();
  /**
   * Open sessions by end, each queued once: one that has grown since is queued again under its
   * new end when its old one comes up; one merged into another is dropped then.
   */
  private final PriorityQueue<Entry> byEnd = new PriorityQueue<>((a, b) -> Long.compare(a.end, b.end));
  private OperatorContext context;
  private BufferAllocator allocator;
  private RowArena arena;
  private long watermark = Long.MIN_VALUE;

  private static final class Session {
    int slot;
    long start;
    long end;
    int[] rows = new int[4];
    int size;
    boolean gone;

    Session(int slot, long start, long end) {
      this.slot = slot;
      this.start = start;
      this.end = end;
    }

    void add(int row) {
      if (size == rows.length) {
        rows = Arrays.copyOf(rows, size * 2);
      }
      rows[size++] = row;
    }
  }

  private record Entry(long end, Session session) {}

  /**
   * @param keys the columns sessions are per (PARTITION BY), possibly none
   * @param timeColumn the event-time column
   * @param gap the longest quiet time within a session, in milliseconds
   * @param inputSchema the input's columns
   * @param outputSchema the input's columns and the three window columns
   */
  public SessionWindowOperator(int[] keys, int timeColumn, long gap, Schema inputSchema, Schema outputSchema) {
    this.keys = keys.clone();
    this.timeColumn = timeColumn;
    this.gap = gap;
    this.inputSchema = inputSchema;
    this.outputSchema = outputSchema;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.allocator = context.allocator();
    this.arena = new RowArena(inputSchema, allocator);
    this.keyIndex = KeyIndex.of(inputSchema, keys, allocator);
  }


  @Override
  public void processBatch(int input, VectorSchemaRoot batch, Output out) {
    try (batch) {
      TimeStampVector time = (TimeStampVector) batch.getVector(timeColumn);
      KeyIndex.Lookup lookup = keyIndex.lookup(batch, keys);
      long late = 0;
      for (int i = 0, n = batch.getRowCount(); i < n; i++) {
        if (time.isNull(i)) {
          continue;
        }
        long t = time.get(i);
        if (t <= watermark) {
          late++;
          continue;
        }
        int slot = lookup.slotOf(i);
        if (slot == sessions.size()) {
          sessions.add(new ArrayList<>(2));
        }
        List<Session> open = sessions.get(slot);
        Session into = null;
        for (Session s : open) { // the row joins the session it overlaps; sessions it bridges merge
          if (s.start < t + gap && t < s.end && (into == null || s.size > into.size)) {
            into = s;
          }
        }
        if (into != null) {
          for (Iterator<Session> it = open.iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (s != into && s.start < t + gap && t < s.end) {
              for (int k = 0; k < s.size; k++) {
                into.add(s.rows[k]);
              }
              into.start = Math.min(into.start, s.start);
              into.end = Math.max(into.end, s.end);
              s.gone = true;
              it.remove();
            }
          }
        }
        if (into == null) {
          into = new Session(slot, t, t + gap);
          open.add(into);
          byEnd.add(new Entry(into.end, into));
        }
        // a session's end only grows: its entry in the queue is moved on when it comes up
        into.start = Math.min(into.start, t);
        into.end = Math.max(into.end, t + gap);
        into.add(arena.add(batch, i));
      }
      if (late > 0) {
        context.metrics().increment(HashAggregateOperator.LATE_ROWS, late);
      }
    }
  }

  @Override
  public void onWatermark(long timestamp, Output out) {
    watermark = timestamp;
    emitUpTo(timestamp, out);
    out.emitWatermark(timestamp);
  }

  @Override
  public void onEndOfInput(Output out) {
    emitUpTo(Long.MAX_VALUE, out);
  }

  /** Emits and frees every session whose last millisecond is at or before {@code until}. */
  private void emitUpTo(long until, Output out) {
    List<Session> closed = new ArrayList<>();
    while (!byEnd.isEmpty() && byEnd.peek().end() - 1 <= until) {
      Entry e = byEnd.poll();
      Session s = e.session();
      if (s.gone) {
        continue; // merged into another
      }
      if (s.end != e.end()) {
        byEnd.add(new Entry(s.end, s)); // grown since it was queued
        continue;
      }
      s.gone = true;
      closed.add(s);
      List<Session> open = sessions.get(s.slot);
      open.remove(s);
      if (open.isEmpty()) {
        sessions.set(s.slot, null);
        keyIndex.remove(s.slot);
      }
    }
    if (closed.isEmpty()) {
      return;
    }
    int n = closed.stream().mapToInt(s -> s.size).sum();
    VectorSchemaRoot result = VectorSchemaRoot.create(outputSchema, allocator);
    try {
      int width = inputSchema.getFields().size();
      for (int c = width; c < outputSchema.getFields().size(); c++) {
        result.getVector(c).allocateNew(); // the window columns; the input's columns are gathered
      }
      int[] rows = new int[n];
      int at = 0;
      for (Session s : closed) {
        System.arraycopy(s.rows, 0, rows, at, s.size);
        at += s.size;
      }
      for (int c = 0; c < width; c++) {
        Batches.gather(arena.rows().getVector(c), rows, n, result.getVector(c));
      }
      TimeStampMilliVector start = (TimeStampMilliVector) result.getVector(width);
      TimeStampMilliVector end = (TimeStampMilliVector) result.getVector(width + 1);
      TimeStampMilliVector windowTime = (TimeStampMilliVector) result.getVector(width + 2);
      int r = 0;
      for (Session s : closed) {
        for (int k = 0; k < s.size; k++, r++) {
          start.setSafe(r, s.start);
          end.setSafe(r, s.end);
          windowTime.setSafe(r, s.end - 1);
        }
      }
      result.setRowCount(n);
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    arena.free(n);
    out.emit(result);
    compactIfWorthIt();
  }

  /** Moves the rows of open sessions into a fresh arena when the others are most of it; renumbers the keys likewise. */
  private void compactIfWorthIt() {
    java.util.function.IntUnaryOperator moved = keyIndex.compactIfWorthIt();
    if (moved != null) {
      KeyIndex.renumber(sessions, moved);
      for (int slot = 0; slot < sessions.size(); slot++) {
        for (Session s : sessions.get(slot)) {
          s.slot = slot;
        }
      }
    }
    if (!arena.worthCompacting()) {
      return;
    }
    RowArena.Compaction compaction = arena.compaction();
    for (List<Session> open : sessions) {
      if (open == null) {
        continue;
      }
      for (Session s : open) {
        for (int k = 0; k < s.size; k++) {
          s.rows[k] = compaction.move(s.rows[k]);
        }
      }
    }
    compaction.finish();
  }

  @Override
  public void snapshotState(StateWriter out) throws IOException {
    arena.snapshot(out);
    keyIndex.snapshot(out);
    out.writeInt(sessions.size());
    for (List<Session> open : sessions) {
      out.writeInt(open == null ? -1 : open.size());
      for (int i = 0; open != null && i < open.size(); i++) {
        Session session = open.get(i);
        out.writeLong(session.start);
        out.writeLong(session.end);
        out.writeInts(session.rows, session.size);
      }
    }
    out.writeLong(watermark);
  }

  /** Each open session is queued once, under its end (a stale, earlier end would only re-queue it there). */
  @Override
  public void restoreState(StateReader in) throws IOException {
    arena.restore(in);
    keyIndex.restore(in);
    for (int slot = 0, n = in.readInt(); slot < n; slot++) {
      int count = in.readInt();
      List<Session> open = count < 0 ? null : new ArrayList<>(Math.max(2, count));
      for (int i = 0; i < count; i++) {
        Session session = new Session(slot, in.readLong(), in.readLong());
        int[] rows = in.readInts();
        for (int row : rows) {
          session.add(row);
        }
        open.add(session);
        byEnd.add(new Entry(session.end, session));
      }
      sessions.add(open);
    }
    watermark = in.readLong();
  }

  @Override
  public void close() {
    sessions.clear();
    if (keyIndex != null) {
      keyIndex.close();
    }
    byEnd.clear();
    if (arena != null) {
      arena.close();
    }
  }
}
