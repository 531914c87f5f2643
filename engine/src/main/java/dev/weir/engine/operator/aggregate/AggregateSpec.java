package dev.weir.engine.operator.aggregate;

/**
 * One aggregate call.
 *
 * @param function what it computes
 * @param argument the input column it reads, or -1 for {@code COUNT(*)}
 * @param filter the boolean input column of {@code FILTER (WHERE ...)}, or -1
 * @param integerResult whether the result is an exact integer (then AVG truncates, as in Flink)
 * @param decimalScale for a DECIMAL result, its scale; else -1
 * @param distinct whether each distinct value counts once ({@code COUNT(DISTINCT x)})
 */
public record AggregateSpec(Function function, int argument, int filter, boolean integerResult, int decimalScale,
    boolean distinct) {

  public AggregateSpec(Function function, int argument, int filter, boolean integerResult, int decimalScale) {
    this(function, argument, filter, integerResult, decimalScale, false);
  }

  /** The aggregate functions. */
  public enum Function {
    COUNT, SUM, MIN, MAX, AVG,
    /** SUM that gives 0 rather than NULL over no values. */
    SUM0
  }
}
