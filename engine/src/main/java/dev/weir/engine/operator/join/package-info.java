/** Streaming joins: regular (keeping rows until retracted), interval and window joins (freeing rows as time passes). */
package dev.weir.engine.operator.join;
