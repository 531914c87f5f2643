/** User-defined functions the Nexmark queries use. */
package dev.weir.benchmarks.nexmark.udf;
