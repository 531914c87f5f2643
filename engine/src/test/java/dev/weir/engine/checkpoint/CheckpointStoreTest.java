package dev.weir.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir
  Path dir;

  private static final List<String> TASKS = List.of("0:scan#0", "1:agg#0");

  private static TaskSnapshot task(String name, long position) {
    return new TaskSnapshot(name, false, 42, java.nio.ByteBuffer.allocate(8).putLong(position).array(),
        new dev.weir.engine.state.ChunkedBytes[] {dev.weir.engine.state.ChunkedBytes.of(new byte[] {1, 2, 3}),
            dev.weir.engine.state.ChunkedBytes.of(new byte[0])});
  }

  private void checkpoint(CheckpointStore store, long id, boolean complete) throws IOException {
    for (int t = 0; t < TASKS.size(); t++) {
      store.write(id, t, task(TASKS.get(t), id * 100 + t));
    }
    if (complete) {
      store.complete(new CheckpointStore.Completed(id, TASKS.size(), 10, 1, System.currentTimeMillis(), "plan-a"));
    }
  }

  @Test
  void theNewestCompleteCheckpointIsRestoredAndOlderOnesBeyondTheRetainedArePruned() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    checkpoint(store, 1, true);
    checkpoint(store, 2, true);
    checkpoint(store, 3, true);
    checkpoint(store, 4, false); // the process died while it was being taken
    assertFalse(Files.exists(dir.resolve("chk-1")), "beyond the two retained");
    assertTrue(Files.exists(dir.resolve("chk-2")));
    CheckpointStore.Restored restored = store.latest(TASKS, "plan-a").orElseThrow();
    assertEquals(3, restored.id());
    assertEquals(TASKS, restored.tasks().stream().map(TaskSnapshot::task).toList());
    assertArrayEquals(java.nio.ByteBuffer.allocate(8).putLong(301).array(), restored.tasks().get(1).sourcePosition());
    assertArrayEquals(new byte[] {1, 2, 3}, restored.tasks().get(0).operators()[0].toByteArray());
    assertEquals(List.of("Checkpoint 4 in " + dir.resolve("chk-4") + " is incomplete (no _COMPLETED marker); ignored."),
        restored.warnings());
    assertEquals(4, store.lastId(), "numbering goes on after the partial one");
  }

  @Test
  void aDamagedCheckpointIsPassedOverForThePreviousOneWithAWarning() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 3);
    checkpoint(store, 1, true);
    checkpoint(store, 2, true);
    Path file = dir.resolve("chk-2/task-1.state");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5a; // one flipped byte
    Files.write(file, bytes);
    CheckpointStore.Restored restored = store.latest(TASKS, "plan-a").orElseThrow();
    assertEquals(1, restored.id());
    assertEquals(List.of("Checkpoint 2 in " + dir.resolve("chk-2") + " cannot be read (task-1.state is damaged:"
        + " checksum mismatch); falling back to an earlier one."), restored.warnings());

    Files.delete(dir.resolve("chk-1/task-0.state"));
    CheckpointStore.Restored none = store.latest(TASKS, "plan-a").orElse(null);
    assertEquals(null, none, "no intact checkpoint: the job starts from the beginning");
  }

  @Test
  void aCheckpointOfAnotherPlanIsRefusedWithTheReason() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 1);
    checkpoint(store, 1, true);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.latest(List.of("0:scan#0", "1:other#0"), "plan-a"));
    assertTrue(e.getMessage().startsWith("Checkpoint 1 in " + dir.resolve("chk-1") + " is of another plan"),
        e.getMessage());
    IllegalStateException edited = assertThrows(IllegalStateException.class, () -> store.latest(TASKS, "plan-b"));
    assertTrue(edited.getMessage().contains("the query or its parallelism changed"), edited.getMessage());
    IllegalStateException rescaled = assertThrows(IllegalStateException.class,
        () -> store.latest(List.of("0:scan#0", "0:scan#1", "1:agg#0"), "plan-a"));
    assertTrue(rescaled.getMessage().contains("then: 2 subtasks; now: 3 subtasks"), rescaled.getMessage());
  }
}
