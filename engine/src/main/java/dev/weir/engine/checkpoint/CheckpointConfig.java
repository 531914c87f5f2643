package dev.weir.engine.checkpoint;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a job checkpoints.
 *
 * @param directory where its checkpoints go (one subdirectory per checkpoint); a job started on a
 *     directory that holds a complete checkpoint resumes from the latest one
 * @param interval how often a checkpoint starts
 * @param retained how many complete checkpoints are kept (at least 1)
 */
public record CheckpointConfig(Path directory, Duration interval, int retained) {
  public CheckpointConfig {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive: " + interval);
    }
    if (retained < 1) {
      throw new IllegalArgumentException("at least one checkpoint must be retained: " + retained);
    }
  }
}
