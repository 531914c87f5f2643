package dev.weir.engine.runtime;

import dev.weir.engine.batch.StreamElement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sends a subtask's output into its downstream channels: control messages to all; batches to one
 * (round-robin), or, with partition keys, each row to the channel its key hashes to.
 */
final class Router {
  private final Channel[] targets;
  private final int[] keys;
  private final BufferAllocator allocator;
  private int next;

  Router(List<Channel> targets) {
    this(targets, new int[0], null);
  }

  /** A router by key: {@code targets.get(i)} leads to downstream subtask i. */
  Router(List<Channel> targets, int[] keys, BufferAllocator allocator) {
    this.targets = targets.toArray(new Channel[0]);
    this.keys = keys;
    this.allocator = allocator;
  }

  void emit(VectorSchemaRoot batch) {
    if (keys.length > 0 && targets.length > 1) {
      partition(batch);
      return;
    }
    Channel c = targets[next];
    next = next + 1 == targets.length ? 0 : next + 1;
    c.push(new StreamElement.Batch(batch));
  }

  /** The subtask a row's key belongs to: the same everywhere for the same values. */
  static int partitionOf(VectorSchemaRoot batch, int[] keys, int row, int partitions) {
    int h = 1;
    for (int k : keys) {
      h = 31 * h + batch.getVector(k).hashCode(row);
    }
    h ^= h >>> 16;
    return Math.floorMod(h, partitions);
  }

  private void partition(VectorSchemaRoot batch) {
    try (batch) {
      int n = batch.getRowCount();
      int[] target = new int[n];
      int[] counts = new int[targets.length];
      for (int i = 0; i < n; i++) {
        target[i] = partitionOf(batch, keys, i, targets.length);
        counts[target[i]]++;
      }
      for (int t = 0; t < targets.length; t++) {
        if (counts[t] == 0) {
          continue;
        }
        VectorSchemaRoot part = VectorSchemaRoot.create(batch.getSchema(), allocator);
        try {
          part.allocateNew();
          for (int c = 0; c < batch.getFieldVectors().size(); c++) {
            FieldVector from = batch.getVector(c);
            FieldVector to = part.getVector(c);
            for (int i = 0, r = 0; i < n; i++) {
              if (target[i] == t) {
                to.copyFromSafe(i, r++, from);
              }
            }
          }
          part.setRowCount(counts[t]);
        } catch (RuntimeException e) {
          part.close();
          throw e;
        }
        targets[t].push(new StreamElement.Batch(part));
      }
    }
  }

  void broadcast(StreamElement element) {
    for (Channel c : targets) {
      c.push(element);
    }
  }

  boolean hasSpace() {
    for (Channel c : targets) {
      if (!c.hasSpace()) {
        return false;
      }
    }
    return true;
  }
}
