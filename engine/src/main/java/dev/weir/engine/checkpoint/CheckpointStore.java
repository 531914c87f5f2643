package dev.weir.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A job's checkpoints on disk:
 *
 * <pre>
 * DIR/chk-7/task-0.state    one file per subtask (a {@link TaskSnapshot}), written as it acknowledges
 * DIR/chk-7/task-1.state
 * DIR/chk-7/_COMPLETED      written last, by an atomic rename: without it the checkpoint does not exist
 * </pre>
 *
 * <p>A restore takes the newest checkpoint with its marker whose files all read back intact;
 * a partial or damaged one is passed over with a warning. Completing a checkpoint deletes those
 * older than the last {@code retained} complete ones, and any partial one older than it.
 */
public final class CheckpointStore {
  private static final System.Logger LOG = System.getLogger("dev.weir.checkpoint");
  static final String MARKER = "_COMPLETED";
  private static final String PREFIX = "chk-";

  private final Path directory;
  private final int retained;

  public CheckpointStore(Path directory, int retained) {
    this.directory = directory;
    this.retained = retained;
  }

  public Path directory() {
    return directory;
  }

  /** A complete checkpoint read back. */
  public record Restored(long id, Path directory, List<TaskSnapshot> tasks, List<String> warnings) {}

  /** What the marker of a complete checkpoint says. */
  public record Completed(long id, int tasks, long bytes, long durationMillis, long completedAtMillis, String plan) {}

  /** The highest checkpoint number used in the directory, complete or not; 0 for none. */
  public long lastId() throws IOException {
    return ids().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private List<Long> ids() throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(directory)) {
      dirs.forEach(d -> {
        String name = d.getFileName().toString();
        if (name.startsWith(PREFIX) && Files.isDirectory(d)) {
          try {
            ids.add(Long.parseLong(name.substring(PREFIX.length())));
          } catch (NumberFormatException e) {
            // not one of ours
          }
        }
      });
    }
    ids.sort(Comparator.reverseOrder());
    return ids;
  }

  private Path checkpoint(long id) {
    return directory.resolve(PREFIX + id);
  }

  /** Writes one subtask's snapshot into checkpoint {@code id} (durably: it is forced to disk). */
  public void write(long id, int task, TaskSnapshot snapshot) throws IOException {
    Path dir = checkpoint(id);
    Files.createDirectories(dir);
    Path file = dir.resolve("task-" + task + ".state");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      snapshot.writeTo(java.nio.channels.Channels.newOutputStream(channel));
      channel.force(true);
    }
  }

  /** Makes checkpoint {@code id} complete (its marker appears atomically), then drops what is no longer needed. */
  public void complete(Completed completed) throws IOException {
    Path dir = checkpoint(completed.id());
    Files.createDirectories(dir);
    Properties marker = new Properties();
    marker.setProperty("id", Long.toString(completed.id()));
    marker.setProperty("tasks", Integer.toString(completed.tasks()));
    marker.setProperty("bytes", Long.toString(completed.bytes()));
    marker.setProperty("duration-ms", Long.toString(completed.durationMillis()));
    marker.setProperty("completed-at-ms", Long.toString(completed.completedAtMillis()));
    marker.setProperty("plan", completed.plan());
    java.io.StringWriter text = new java.io.StringWriter();
    marker.store(text, "a complete Weir checkpoint");
    Path temp = dir.resolve(MARKER + ".tmp");
    writeDurably(temp, text.toString().getBytes(StandardCharsets.UTF_8));
    Files.move(temp, dir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE);
    forceDirectory(dir);
    forceDirectory(directory); // the checkpoint's own directory entry, too
    prune(completed.id());
  }

  private void prune(long newest) throws IOException {
    int kept = 0;
    for (long id : ids()) {
      Path dir = checkpoint(id);
      boolean complete = Files.exists(dir.resolve(MARKER));
      if (id > newest) {
        continue; // a later one in progress
      }
      if (complete && kept < retained) {
        kept++;
        continue;
      }
      deleteRecursively(dir);
    }
  }

  private static Completed marker(long id, Properties p) {
    return new Completed(id, Integer.parseInt(p.getProperty("tasks", "0")), Long.parseLong(p.getProperty("bytes", "0")),
        Long.parseLong(p.getProperty("duration-ms", "0")), Long.parseLong(p.getProperty("completed-at-ms", "0")),
        p.getProperty("plan", ""));
  }

  /** The marker of the newest complete checkpoint, or empty. */
  public Optional<Completed> latestCompleted() throws IOException {
    for (long id : ids()) {
      Path marker = checkpoint(id).resolve(MARKER);
      if (Files.exists(marker)) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(marker)) {
          p.load(in);
        }
        return Optional.of(marker(id, p));
      }
    }
    return Optional.empty();
  }

  /**
   * The newest complete checkpoint of a job with these subtasks, read back; partial and damaged
   * checkpoints on the way are skipped with a warning (logged, and returned).
   *
   * @param plan a fingerprint of the plan, which the checkpoint's marker must carry
   * @throws IllegalStateException when the newest complete checkpoint is of another plan (the
   *     query or its parallelism changed): its state cannot be mapped onto the new one
   */
  public Optional<Restored> latest(List<String> taskNames, String plan) throws IOException {
    List<String> warnings = new ArrayList<>();
    for (long id : ids()) {
      Path dir = checkpoint(id);
      Properties marker = new Properties();
      try (var in = Files.newBufferedReader(dir.resolve(MARKER))) {
        marker.load(in);
      } catch (NoSuchFileException e) {
        warn(warnings, "Checkpoint " + id + " in " + dir + " is incomplete (no " + MARKER + " marker); ignored.");
        continue;
      } catch (IOException | IllegalArgumentException e) {
        warn(warnings, "Checkpoint " + id + " in " + dir + " has a damaged " + MARKER + " marker; ignored.");
        continue;
      }
      Completed completed;
      try {
        completed = marker(id, marker);
      } catch (NumberFormatException e) {
        warn(warnings, "Checkpoint " + id + " in " + dir + " has a damaged " + MARKER + " marker; ignored.");
        continue;
      }
      if (completed.tasks() != taskNames.size() || !completed.plan().equals(plan)) {
        throw otherPlan(id, dir, completed.tasks() + " subtasks", taskNames.size() + " subtasks");
      }
      List<TaskSnapshot> tasks = new ArrayList<>();
      String damage = null;
      for (int t = 0; t < taskNames.size() && damage == null; t++) {
        Path file = dir.resolve("task-" + t + ".state");
        try {
          try (var in = Files.newInputStream(file)) {
            tasks.add(TaskSnapshot.readFrom(in));
          }
        } catch (NoSuchFileException e) {
          damage = file.getFileName() + " is missing";
        } catch (IOException e) {
          damage = file.getFileName() + " is damaged: " + e.getMessage();
        }
      }
      if (damage != null) {
        warn(warnings, "Checkpoint " + id + " in " + dir + " cannot be read (" + damage
            + "); falling back to an earlier one.");
        continue;
      }
      List<String> found = tasks.stream().map(TaskSnapshot::task).toList();
      if (!found.equals(taskNames)) {
        throw otherPlan(id, dir, found.toString(), taskNames.toString());
      }
      return Optional.of(new Restored(id, dir, tasks, warnings));
    }
    return Optional.empty();
  }

  private static IllegalStateException otherPlan(long id, Path dir, String then, String now) {
    return new IllegalStateException("Checkpoint " + id + " in " + dir + " is of another plan (then: " + then
        + "; now: " + now + "): the query or its parallelism changed, so its state cannot be restored. Use"
        + " another pipeline name, or DROP PIPELINE (or delete the checkpoints) to start over.");
  }

  private static void warn(List<String> warnings, String message) {
    warnings.add(message);
    LOG.log(System.Logger.Level.WARNING, message);
  }

  private static void writeDurably(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  /** Makes a rename in {@code dir} durable (on Linux, a directory can be forced too). */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not every file system lets a directory be opened; the rename itself is atomic regardless
    }
  }

  /** Deletes a directory and everything in it (nothing when it does not exist). */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

}
