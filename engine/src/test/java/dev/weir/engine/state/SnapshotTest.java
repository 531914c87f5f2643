package dev.weir.engine.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private static final Schema KEYS = new Schema(List.of(
      Field.nullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));

  private static VectorSchemaRoot batch(BufferAllocator allocator, Long[] ids, String[] names) {
    VectorSchemaRoot root = VectorSchemaRoot.create(KEYS, allocator);
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector(0);
    VarCharVector name = (VarCharVector) root.getVector(1);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null) {
        id.setNull(i);
      } else {
        id.set(i, ids[i]);
      }
      if (names[i] == null) {
        name.setNull(i);
      } else {
        name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    root.setRowCount(ids.length);
    return root;
  }

  @Test
  void valuesAndArraysComeBackAsWritten() throws IOException {
    StateWriter out = new StateWriter();
    List<Object> values = Arrays.asList(null, 7L, 2.5, new BigDecimal("-12.340"), "héllo", ByteBuffer.wrap(new byte[] {1, 2}),
        true, 3, (short) 4, (byte) 5, 1.5f);
    for (Object v : values) {
      out.writeValue(v);
    }
    out.writeValue(new byte[] {9});
    out.writeInts(new int[] {1, 2, 3, 4}, 3);
    out.writeLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2);
    BitSet bits = new BitSet();
    bits.set(3);
    bits.set(130);
    out.writeBitSet(bits);
    Map<Object, Long> counts = new HashMap<>(Map.of("a", 2L, 10L, 1L));
    out.writeCounts(counts);

    StateReader in = new StateReader(out.toByteArray());
    for (Object v : values) {
      assertEquals(v, in.readValue());
    }
    assertArrayEquals(new byte[] {9}, (byte[]) in.readValue());
    assertArrayEquals(new int[] {1, 2, 3}, in.readInts());
    assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, in.readLongs());
    assertEquals(bits, in.readBitSet());
    Map<Object, Long> read = new HashMap<>();
    in.readCounts(read);
    assertEquals(counts, read);
  }

  @Test
  void aLargeSnapshotSpillsToATemporaryFileAndReadsBackWhole() throws IOException {
    ChunkedBytes bytes = new ChunkedBytes();
    java.util.Random random = new java.util.Random(7);
    byte[] block = new byte[1 << 20];
    java.util.zip.CRC32 written = new java.util.zip.CRC32();
    long total = ChunkedBytes.IN_MEMORY + (5 << 20) + 123;
    for (long left = total; left > 0; ) {
      random.nextBytes(block);
      int n = (int) Math.min(block.length, left);
      bytes.write(block, 0, n);
      written.update(block, 0, n);
      left -= n;
    }
    assertEquals(total, bytes.size());
    long spilled;
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      spilled = files.filter(f -> f.getFileName().toString().startsWith("weir-state-")).count();
    }
    assertTrue(spilled >= 1, "the part beyond the in-memory limit is in a temporary file");
    java.util.zip.CRC32 read = new java.util.zip.CRC32();
    try (java.io.InputStream in = bytes.inputStream()) {
      byte[] buffer = new byte[65536];
      long count = 0;
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        read.update(buffer, 0, n);
        count += n;
      }
      assertEquals(total, count);
    }
    assertEquals(written.getValue(), read.getValue());
    java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
    bytes.writeTo(copy);
    java.util.zip.CRC32 copied = new java.util.zip.CRC32();
    copied.update(copy.toByteArray());
    assertEquals(written.getValue(), copied.getValue());
    bytes.release();
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      assertEquals(spilled - 1, files.filter(f -> f.getFileName().toString().startsWith("weir-state-")).count(),
          "released: its file is gone");
    }
  }

  @Test
  void aValueOfAnUnknownTypeIsRefusedByName() {
    IOException e = assertThrows(IOException.class, () -> new StateWriter().writeValue(new Object()));
    assertEquals("cannot write a value of type java.lang.Object to a snapshot", e.getMessage());
  }

  @Test
  void aRestoredKeyIndexFindsTheSameKeysInTheSameSlots() throws IOException {
    try (BufferAllocator allocator = new RootAllocator()) {
      StateWriter out = new StateWriter();
      try (KeyIndex index = new KeyIndex(KEYS, allocator);
          VectorSchemaRoot rows = batch(allocator, new Long[] {1L, 2L, null, 3L}, new String[] {"a", "b", "c", null})) {
        KeyIndex.Lookup lookup = index.lookup(rows, new int[] {0, 1});
        for (int i = 0; i < 4; i++) {
          assertEquals(i, lookup.slotOf(i));
        }
        index.remove(1);
        index.snapshot(out);
      }
      try (KeyIndex restored = new KeyIndex(KEYS, allocator);
          VectorSchemaRoot probe = batch(allocator, new Long[] {3L, null, 2L, 1L, 4L}, new String[] {null, "c", "b", "a", "d"})) {
        restored.restore(new StateReader(out.toByteArray()));
        assertEquals(3, restored.size());
        KeyIndex.Lookup lookup = restored.lookup(probe, new int[] {0, 1});
        assertEquals(3, lookup.find(0));
        assertEquals(2, lookup.find(1));
        assertEquals(-1, lookup.find(2), "a removed key stays removed");
        assertEquals(0, lookup.find(3));
        assertEquals(4, lookup.slotOf(4), "a new key gets the next slot");
        assertTrue(restored.isLive(4));
      }
    }
  }

  @Test
  void vectorsOfOtherColumnsThanExpectedAreRefused() throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot rows = batch(allocator, new Long[] {1L}, new String[] {"a"})) {
      StateWriter out = new StateWriter();
      out.writeVectors(rows);
      Schema other = new Schema(List.of(Field.nullable("id", new ArrowType.Int(32, true))));
      IOException e = assertThrows(IOException.class,
          () -> new StateReader(out.toByteArray()).readVectors(other, allocator));
      assertTrue(e.getMessage().startsWith("snapshot holds columns"), e.getMessage());
    }
  }
}
