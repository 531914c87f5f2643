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
 */
public record OperatorContext(String name, BufferAllocator allocator, int subtask, int parallelism,
    ConnectorMetrics metrics) {}
