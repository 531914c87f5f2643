package dev.weir.engine.runtime;

import dev.weir.engine.operator.OperatorSpec;
import java.util.List;

/**
 * A vertex of a job graph: a chain of operators that runs fused in one subtask, {@code
 * parallelism} times, fed by a source or by the vertices listed in {@code inputs}.
 *
 * <p>Edges follow from parallelism: into a single instance, all upstream subtasks merge; between
 * equal parallelism, subtask i feeds subtask i; otherwise batches are spread round-robin.
 *
 * @param name stable name
 * @param parallelism how many subtasks run
 * @param source the source at its head, or null when fed by {@code inputs}
 * @param operators the fused chain, in order
 * @param inputs indices of upstream vertices in the graph
 */
public record VertexSpec(String name, int parallelism, SourceSpec source, List<OperatorSpec> operators,
    List<Integer> inputs) {
  public VertexSpec {
    operators = List.copyOf(operators);
    inputs = List.copyOf(inputs);
  }
}
