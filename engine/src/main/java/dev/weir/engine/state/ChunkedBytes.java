package dev.weir.engine.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bytes held in chunks: a snapshot grows without copying what it already holds, and goes to its
 * file or back to an operator without ever being one big array. Past {@value #IN_MEMORY} bytes the
 * rest goes to a temporary file, since an operator's state lives mostly off the Java heap (Arrow
 * buffers) and a copy of a large one would not fit on it. {@link #release} deletes that file.
 */
public final class ChunkedBytes extends OutputStream {
  private static final int CHUNK = 1 << 20;
  /** Bytes kept on the heap before the rest spills to a file. */
  static final long IN_MEMORY = 32L << 20;

  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current;
  private int used;
  private long size;
  private java.nio.file.Path spillFile;
  private OutputStream spill;

  /** A copy of {@code bytes}. */
  public static ChunkedBytes of(byte[] bytes) {
    ChunkedBytes c = new ChunkedBytes();
    c.write(bytes, 0, bytes.length);
    return c;
  }

  /** Reads {@code length} bytes of {@code in}. */
  public static ChunkedBytes read(InputStream in, long length) throws IOException {
    ChunkedBytes c = new ChunkedBytes();
    byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
    for (long left = length; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("ends " + left + " bytes early");
      }
      c.write(buffer, 0, n);
      left -= n;
    }
    return c;
  }

  @Override
  public void write(int b) {
    if (spilling()) {
      try {
        spill.write(b); // buffered: DataOutputStream writes numbers a byte at a time
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot spill a large snapshot to " + spillFile, e);
      }
      size++;
      return;
    }
    if (current == null || used == current.length) {
      next(1);
    }
    current[used++] = (byte) b;
    size++;
  }

  private boolean spilling() {
    if (spill == null && size >= IN_MEMORY) {
      try {
        spillFile = java.nio.file.Files.createTempFile("weir-state-", ".bin");
        spillFile.toFile().deleteOnExit();
        spill = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(spillFile), 1 << 16);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot spill a large snapshot to a temporary file", e);
      }
    }
    return spill != null;
  }

  private void spillWrite(byte[] b, int off, int len) {
    try {
      spill.write(b, off, len);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot spill a large snapshot to " + spillFile, e);
    }
    size += len;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (spilling()) {
      spillWrite(b, off, len);
      return;
    }
    while (len > 0) {
      if (current == null || used == current.length) {
        next(len);
      }
      int n = Math.min(len, current.length - used);
      System.arraycopy(b, off, current, used, n);
      used += n;
      off += n;
      len -= n;
      size += n;
    }
  }

  private void next(int wanted) {
    if (current != null) {
      chunks.add(used == current.length ? current : java.util.Arrays.copyOf(current, used));
    }
    // small states stay small: chunks grow to 1 MB
    current = new byte[(int) Math.min(CHUNK, Math.max(wanted, Math.max(256, size)))];
    used = 0;
  }

  public long size() {
    return size;
  }

  /** Writes every byte to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    for (byte[] chunk : chunks) {
      out.write(chunk);
    }
    if (current != null) {
      out.write(current, 0, used);
    }
    if (spill != null) {
      spill.flush();
      java.nio.file.Files.copy(spillFile, out);
    }
  }

  /** The bytes, to read from the start. */
  public InputStream inputStream() {
    List<InputStream> parts = new ArrayList<>();
    for (byte[] chunk : chunks) {
      parts.add(new java.io.ByteArrayInputStream(chunk));
    }
    if (current != null) {
      parts.add(new java.io.ByteArrayInputStream(current, 0, used));
    }
    if (spill != null) {
      try {
        spill.flush();
        parts.add(java.nio.file.Files.newInputStream(spillFile));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** Lets go of the bytes: the temporary file of a spilled snapshot is deleted. */
  public void release() {
    chunks.clear();
    current = null;
    if (spill != null) {
      try {
        spill.close();
        java.nio.file.Files.deleteIfExists(spillFile);
      } catch (IOException e) {
        // a temporary file, deleted on exit anyway
      }
      spill = null;
    }
  }

  /** The bytes as one array (for small ones: a sink's precommit, a source's position). */
  public byte[] toByteArray() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) size);
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
