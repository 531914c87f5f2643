package dev.weir.engine.operator;

import java.util.function.Supplier;

/**
 * An operator in a plan: its stable name, a short description for EXPLAIN, and a factory of
 * running instances (one per subtask). Immutable.
 *
 * @param name the operator's stable name, unique within a job
 * @param description what it does, as EXPLAIN shows it
 * @param factory creates one instance per subtask
 */
public record OperatorSpec(String name, String description, Supplier<Operator> factory) {}
