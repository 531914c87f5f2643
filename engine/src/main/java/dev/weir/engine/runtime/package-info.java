/**
 * Running jobs: the job graph (vertices of fused operator chains, edges between them), bounded
 * channels that carry stream elements between subtasks, and a cooperative scheduler that runs
 * every subtask on a pool sized to the machine's cores.
 *
 * <p>No subtask ever blocks a pool thread waiting for input or for room downstream: it returns,
 * and the channel that held it up wakes it when things change.
 */
package dev.weir.engine.runtime;
