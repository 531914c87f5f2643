/** End-to-end throughput of whole pipelines through the SQL layer, engine and connectors. */
package dev.weir.benchmarks.pipeline;
