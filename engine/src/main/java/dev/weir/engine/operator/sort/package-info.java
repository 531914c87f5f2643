/** ORDER BY over bounded input: hold, sort by row position without boxing, emit in order. */
package dev.weir.engine.operator.sort;
