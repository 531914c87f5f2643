package dev.weir.engine.runtime;

import dev.weir.engine.batch.Batches;
import dev.weir.engine.batch.StreamElement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sends a subtask's output into its downstream channels: control messages to all; each batch to
 * every consumer (an input of a downstream vertex), and within a consumer to one channel
 * (round-robin), or, with partition keys, each row to the channel its key hashes to.
 *
 * <p>A vertex read by several consumers (a subplan the query uses twice) gives each of them the
 * same buffers: the others get a zero-copy slice, which holds a reference to the buffers, and the
 * last gets the batch itself. Operators never write into the batches they receive (a projection
 * may transfer an input column into its output, which moves that consumer's reference only), so
 * sharing is safe.
 */
final class Router {
  private final Route[] routes;
  private final Channel[] all;

  /** The channels towards one input of one downstream vertex, and how rows are spread over them. */
  record Consumer(List<Channel> targets, int[] keys) {}

  /**
   * A router to {@code consumers}; a consumer with keys gets each row in {@code targets.get(i)}
   * for the downstream subtask i its key belongs to. {@code allocator} holds the batches split by
   * key (null when no consumer has keys).
   */
  Router(List<Consumer> consumers, BufferAllocator allocator) {
    routes = new Route[consumers.size()];
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < routes.length; i++) {
      routes[i] = new Route(consumers.get(i).targets().toArray(new Channel[0]), consumers.get(i).keys(), allocator);
      channels.addAll(consumers.get(i).targets());
    }
    all = channels.toArray(new Channel[0]);
  }

  void emit(VectorSchemaRoot batch) {
    try {
      for (int i = 0; i < routes.length - 1; i++) {
        routes[i].emit(Batches.slice(batch, 0, batch.getRowCount()));
      }
    } catch (RuntimeException e) {
      batch.close();
      throw e;
    }
    routes[routes.length - 1].emit(batch);
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

  void broadcast(StreamElement element) {
    for (Channel c : all) {
      c.push(element);
    }
  }

  boolean hasSpace() {
    for (Channel c : all) {
      if (!c.hasSpace()) {
        return false;
      }
    }
    return true;
  }

  /** One consumer's channels. */
  private static final class Route {
    private final Channel[] targets;
    private final int[] keys;
    private final BufferAllocator allocator;
    private int next;

    Route(Channel[] targets, int[] keys, BufferAllocator allocator) {
      this.targets = targets;
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

    private void partition(VectorSchemaRoot batch) {
      try (batch) {
        int n = batch.getRowCount();
        int[] target = new int[n];
        int[] counts = new int[targets.length];
        for (int i = 0; i < n; i++) {
          target[i] = partitionOf(batch, keys, i, targets.length);
          counts[target[i]]++;
        }
        int[][] rows = new int[targets.length][];
        for (int t = 0; t < targets.length; t++) {
          rows[t] = new int[counts[t]];
          counts[t] = 0;
        }
        for (int i = 0; i < n; i++) {
          rows[target[i]][counts[target[i]]++] = i;
        }
        for (int t = 0; t < targets.length; t++) {
          if (counts[t] == 0) {
            continue;
          }
          VectorSchemaRoot part = VectorSchemaRoot.create(batch.getSchema(), allocator);
          try {
            for (int c = 0; c < batch.getFieldVectors().size(); c++) {
              Batches.gather(batch.getVector(c), rows[t], counts[t], part.getVector(c));
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
  }
}
