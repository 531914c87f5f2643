/** The end of a pipeline: hands batches to a connector's writer and counts what was written. */
package dev.weir.engine.operator.sink;
