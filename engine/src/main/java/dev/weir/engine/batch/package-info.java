/** What travels on a stream: Arrow batches and, in-band between them, control messages. */
package dev.weir.engine.batch;
