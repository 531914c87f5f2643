/**
 * The Nexmark benchmark: runs the query files of {@code src/main/resources/nexmark} from the
 * {@code nexmark} generator into {@code blackhole} and reports throughput, CPU and heap.
 */
package dev.weir.benchmarks.nexmark;
