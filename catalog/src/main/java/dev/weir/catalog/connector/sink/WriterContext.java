package dev.weir.catalog.connector.sink;

import dev.weir.catalog.schema.Column;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a writer is given by the engine.
 *
 * @param allocator for any buffers the writer needs
 * @param columns the columns of the batches it receives, in order
 * @param subtask this writer's index among {@code parallelism}
 * @param parallelism how many writers the sink has
 * @param pipeline the name of the pipeline (job) writing: stable across restarts of a named one
 * @param checkpointing whether the job takes checkpoints, with which the writer commits
 */
public record WriterContext(BufferAllocator allocator, List<Column> columns, int subtask, int parallelism,
    String pipeline, boolean checkpointing) {}
