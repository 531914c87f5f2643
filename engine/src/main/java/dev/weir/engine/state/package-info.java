/** Keyed state: the keys of an operator's groups or partitions, held columnar, each with a dense slot. */
package dev.weir.engine.state;
