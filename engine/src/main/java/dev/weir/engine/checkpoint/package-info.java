/**
 * Checkpoints: what each task's snapshot holds, how checkpoints lie on disk, and the two-phase
 * commit through which sinks take part. The coordination itself (barriers, alignment,
 * acknowledgements) is the runtime's.
 */
package dev.weir.engine.checkpoint;
