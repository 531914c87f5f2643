package dev.weir.engine.runtime;

import dev.weir.engine.operator.OperatorSpec;
import java.util.List;

/**
 * A vertex of a job graph: a chain of operators that runs fused in one subtask, {@code
 * parallelism} times, fed by a source or by the vertices listed in {@code inputs}.
 *
 * <p>Edges follow from the vertex: with {@code partitionKeys}, every upstream subtask sends each
 * row to the subtask its key hashes to (so one key's rows meet in one place); otherwise, into a
 * single instance all upstream subtasks merge, between equal parallelism subtask i feeds subtask
 * i, and else batches are spread round-robin.
 *
 * @param name stable name
 * @param parallelism how many subtasks run
 * @param source the source at its head, or null when fed by {@code inputs}
 * @param operators the fused chain, in order
 * @param inputs indices of upstream vertices in the graph
 * @param partitionKeys the input columns rows are partitioned by, or empty
 */
public record VertexSpec(String name, int parallelism, SourceSpec source, List<OperatorSpec> operators,
    List<Integer> inputs, List<Integer> partitionKeys) {
  public VertexSpec {
    operators = List.copyOf(operators);
    inputs = List.copyOf(inputs);
    partitionKeys = List.copyOf(partitionKeys);
  }

  public VertexSpec(String name, int parallelism, SourceSpec source, List<OperatorSpec> operators,
      List<Integer> inputs) {
    this(name, parallelism, source, operators, inputs, List.of());
  }

  /** Whether rows reach this vertex by key (and not by position). */
  public boolean isPartitioned() {
    return !partitionKeys.isEmpty() && parallelism > 1;
  }
}
