/**
 * Aggregation: COUNT, SUM, MIN, MAX and AVG per group key, per window (emitted once when the
 * watermark passes the window's end, then freed) or over a whole bounded input (emitted at its end).
 */
package dev.weir.engine.operator.aggregate;
