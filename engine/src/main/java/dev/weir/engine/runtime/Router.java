package dev.weir.engine.runtime;

import dev.weir.engine.batch.StreamElement;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Sends a subtask's output into its downstream channels: batches to one (round-robin), control messages to all. */
final class Router {
  private final Channel[] targets;
  private int next;

  Router(List<Channel> targets) {
    this.targets = targets.toArray(new Channel[0]);
  }

  void emit(VectorSchemaRoot batch) {
    Channel c = targets[next];
    next = next + 1 == targets.length ? 0 : next + 1;
    c.push(new StreamElement.Batch(batch));
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
