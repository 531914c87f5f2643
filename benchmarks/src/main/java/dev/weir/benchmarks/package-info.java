/**
 * Measurements of Weir's speed: JMH micro-benchmarks of the hot paths ({@code micro}) and
 * end-to-end pipeline throughput ({@code pipeline}). Figures go to docs/benchmarks.md with the
 * machine, date and command; nothing here is a test.
 */
package dev.weir.benchmarks;
