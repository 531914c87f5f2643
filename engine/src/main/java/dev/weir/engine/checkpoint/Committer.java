package dev.weir.engine.checkpoint;

/**
 * An operator whose effects leave the job (a sink's writer), and so take part in checkpoints in
 * two phases: its snapshot is a {@link #precommit}, and nothing becomes visible before the
 * checkpoint holding it is complete. With checkpoints, the end of the input is committed the same
 * way, by a last checkpoint, before {@link #finishCommitted}.
 */
public interface Committer {
  /** Readies what was written since the last checkpoint; returns what a restore needs to commit it. */
  byte[] precommit(long checkpointId) throws Exception;

  /** Checkpoint {@code checkpointId} is complete: what was precommitted up to it becomes visible. */
  void commit(long checkpointId) throws Exception;

  /** After a restore, before any write: commits what the restored checkpoint precommitted. */
  void recover(byte[] precommitted) throws Exception;

  /** The input ended and everything is committed: finish the output. */
  void finishCommitted() throws Exception;
}
