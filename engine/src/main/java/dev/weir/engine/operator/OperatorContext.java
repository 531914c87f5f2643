package dev.weir.engine.operator;

import dev.weir.catalog.connector.ConnectorMetrics;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a running operator instance is given.
 *
 * @param name the operator's stable name in the plan
 * @param allocator its own allocator (a child of the job's), for accounting and leak checks
 * @param subtask this instance's index among {@code parallelism}
 * @param parallelism how many instances run
 * @param metrics the job's counters
 * @param checkpointing whether the job takes checkpoints (a sink then commits with them)
 */
public record OperatorContext(String name, BufferAllocator allocator, int subtask, int parallelism,
    ConnectorMetrics metrics, boolean checkpointing) {

  /** A context in a job without checkpoints. */
  public OperatorContext(String name, BufferAllocator allocator, int subtask, int parallelism,
      ConnectorMetrics metrics) {
    this(name, allocator, subtask, parallelism, metrics, false);
  }
}
