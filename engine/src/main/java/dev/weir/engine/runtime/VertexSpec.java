package dev.weir.engine.runtime;

import dev.weir.engine.operator.OperatorSpec;
import java.util.List;

/**
 * A vertex of a job graph: a chain of operators that runs fused in one subtask, {@code
 * parallelism} times, fed by a source or by the vertices listed in {@code inputs}.
 *
 * <p>Edges follow from the vertex: with {@code partitionKeys}, every upstream subtask sends each
 * row to the subtask its key hashes to (so one key's rows meet in one place, also when they come
 * from different inputs, as a join's do); otherwise, into a single instance all upstream subtasks
 * merge, between equal parallelism subtask i feeds subtask i, and else batches are spread
 * round-robin. The head operator is told which input (its position in {@code inputs}) each batch
 * comes from.
 *
 * @param name stable name
 * @param parallelism how many subtasks run
 * @param source the source at its head, or null when fed by {@code inputs}
 * @param operators the fused chain, in order
 * @param inputs indices of upstream vertices in the graph
 * @param partitionKeys per input, the columns its rows are partitioned by (the same number of
 *     columns, of the same types, for every input); or empty, for no partitioning
 */
public record VertexSpec(String name, int parallelism, SourceSpec source, List<OperatorSpec> operators,
    List<Integer> inputs, List<List<Integer>> partitionKeys) {
  public VertexSpec {
    operators = List.copyOf(operators);
    inputs = List.copyOf(inputs);
    partitionKeys = partitionKeys.stream().map(List::copyOf).toList();
    if (!partitionKeys.isEmpty() && partitionKeys.size() != inputs.size()) {
      throw new IllegalArgumentException("vertex " + name + " has " + inputs.size() + " inputs but partition keys for "
          + partitionKeys.size());
    }
  }

  public VertexSpec(String name, int parallelism, SourceSpec source, List<OperatorSpec> operators,
      List<Integer> inputs) {
    this(name, parallelism, source, operators, inputs, List.of());
  }

  /** A vertex of one input, partitioned by {@code keys} of it. */
  public static VertexSpec keyed(String name, int parallelism, List<OperatorSpec> operators, int input,
      List<Integer> keys) {
    return new VertexSpec(name, parallelism, null, operators, List.of(input), List.of(keys));
  }

  /**
   * Whether rows reach this vertex by key (and not by position). A key of no columns sends every
   * row to one subtask.
   */
  public boolean isPartitioned() {
    return !partitionKeys.isEmpty() && parallelism > 1;
  }

  /** The columns input {@code position} is partitioned by. */
  public List<Integer> partitionKeys(int position) {
    return partitionKeys.get(position);
  }

  /** The same vertex with {@code op} appended to its chain. */
  public VertexSpec append(OperatorSpec op) {
    List<OperatorSpec> chain = new java.util.ArrayList<>(operators);
    chain.add(op);
    return new VertexSpec(name, parallelism, source, chain, inputs, partitionKeys);
  }
}
