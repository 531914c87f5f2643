package dev.weir.engine.runtime;

import dev.weir.engine.operator.OperatorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan of a job: vertices in topological order. The vertex marked as the result (if any)
 * sends its output to the client through a {@link ResultStream}; every other vertex without
 * consumers ends in a sink.
 */
public final class JobGraph {
  private final String name;
  private final List<VertexSpec> vertices = new ArrayList<>();
  private int resultVertex = -1;

  public JobGraph(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Adds a vertex (its inputs must already be in the graph); returns its index. */
  public int add(VertexSpec vertex) {
    for (int input : vertex.inputs()) {
      if (input < 0 || input >= vertices.size()) {
        throw new IllegalArgumentException("vertex " + vertex.name() + " reads from unknown vertex " + input);
      }
    }
    vertices.add(vertex);
    return vertices.size() - 1;
  }

  /** Replaces vertex {@code index}, e.g. to append an operator to its chain. */
  public void replace(int index, VertexSpec vertex) {
    vertices.set(index, vertex);
  }

  public VertexSpec vertex(int index) {
    return vertices.get(index);
  }

  public List<VertexSpec> vertices() {
    return List.copyOf(vertices);
  }

  public void setResultVertex(int index) {
    this.resultVertex = index;
  }

  public int resultVertex() {
    return resultVertex;
  }

  /** The physical plan as EXPLAIN shows it: one line per vertex and operator. */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    for (int i = vertices.size() - 1; i >= 0; i--) {
      VertexSpec v = vertices.get(i);
      sb.append("Vertex ").append(i).append(" '").append(v.name()).append("' parallelism=").append(v.parallelism());
      if (!v.inputs().isEmpty()) {
        sb.append(" inputs=").append(v.inputs());
      }
      if (v.isPartitioned()) {
        sb.append(" partitioned by columns ").append(v.partitionKeys().size() == 1 ? v.partitionKeys().get(0)
            : v.partitionKeys().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(" / ")));
      }
      if (i == resultVertex) {
        sb.append(" -> client");
      }
      sb.append('\n');
      List<OperatorSpec> ops = v.operators();
      for (int k = ops.size() - 1; k >= 0; k--) {
        sb.append("  ").append(ops.get(k).description()).append('\n');
      }
      if (v.source() != null) {
        sb.append("  ").append(v.source().description()).append('\n');
      }
    }
    return sb.toString();
  }
}
