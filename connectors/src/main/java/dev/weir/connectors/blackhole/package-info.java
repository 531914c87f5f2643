/** The {@code blackhole} sink: discards everything, for measuring the rest of a pipeline. */
package dev.weir.connectors.blackhole;
