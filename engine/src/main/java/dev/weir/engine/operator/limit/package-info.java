/** LIMIT and OFFSET: pass the first rows, then end the stream (which ends even an unbounded query). */
package dev.weir.engine.operator.limit;
