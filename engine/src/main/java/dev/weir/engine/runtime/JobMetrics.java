package dev.weir.engine.runtime;

import dev.weir.catalog.connector.ConnectorMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A job's counters: rows read and written, and whatever connectors and operators count. */
public final class JobMetrics implements ConnectorMetrics {
  public static final String ROWS_READ = "rows-read";
  public static final String ROWS_WRITTEN = "rows-written";
  public static final String CHECKPOINTS_COMPLETED = "checkpoints-completed";
  /** Bytes of state written by all completed checkpoints. */
  public static final String CHECKPOINT_BYTES = "checkpoint-bytes-written";
  /** Time from start to completion, summed over completed checkpoints. */
  public static final String CHECKPOINT_MILLIS = "checkpoint-time-ms";

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  @Override
  public void increment(String counter, long delta) {
    counters.computeIfAbsent(counter, k -> new LongAdder()).add(delta);
  }

  public long get(String counter) {
    LongAdder a = counters.get(counter);
    return a == null ? 0 : a.sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
