package dev.weir.engine.checkpoint;

import dev.weir.engine.state.ChunkedBytes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One subtask's part of a checkpoint.
 *
 * @param task the subtask's name in the plan (a restore checks that the plan is the same)
 * @param finished whether the subtask had ended: restored, it only tells downstream so
 * @param watermark the last watermark the subtask forwarded
 * @param sourcePosition the source reader's position, or null for a subtask without a source
 * @param operators each chained operator's state, in chain order (empty for a stateless one);
 *     a sink's is what it precommitted
 */
public record TaskSnapshot(String task, boolean finished, long watermark, byte[] sourcePosition,
    ChunkedBytes[] operators) {
  private static final int MAGIC = 0x57454952; // "WEIR"
  private static final int VERSION = 1;

  /** Total bytes of state held. */
  public long size() {
    long n = sourcePosition == null ? 0 : sourcePosition.length;
    for (ChunkedBytes op : operators) {
      n += op.size();
    }
    return n;
  }

  /** Lets go of the state's bytes (a large one's temporary file). */
  public void release() {
    for (ChunkedBytes op : operators) {
      op.release();
    }
  }

  /** Writes the snapshot as a file's bytes, ending in a CRC-32 of the rest so that a damaged file is noticed. */
  public void writeTo(OutputStream file) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(task);
    out.writeBoolean(finished);
    out.writeLong(watermark);
    out.writeInt(sourcePosition == null ? -1 : sourcePosition.length);
    if (sourcePosition != null) {
      out.write(sourcePosition);
    }
    out.writeInt(operators.length);
    for (ChunkedBytes op : operators) {
      out.writeLong(op.size());
      op.writeTo(out);
    }
    long sum = crc.getValue();
    out.writeLong(sum);
    out.flush();
  }

  /** Reads {@link #writeTo}'s bytes; a short, damaged or foreign file is an IOException saying which. */
  public static TaskSnapshot readFrom(InputStream file) throws IOException {
    CRC32 crc = new CRC32();
    DataInputStream in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(file, 1 << 16), crc));
    try {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a Weir task snapshot of version " + VERSION);
      }
      String task = in.readUTF();
      boolean finished = in.readBoolean();
      long watermark = in.readLong();
      int positionLength = in.readInt();
      byte[] position = null;
      if (positionLength >= 0) {
        position = new byte[positionLength];
        in.readFully(position);
      }
      int count = in.readInt();
      if (count < 0 || count > 10_000) {
        throw new IOException("damaged (" + count + " operators)");
      }
      ChunkedBytes[] operators = new ChunkedBytes[count];
      for (int i = 0; i < operators.length; i++) {
        long length = in.readLong();
        if (length < 0) {
          throw new IOException("damaged (an operator's state of " + length + " bytes)");
        }
        operators[i] = ChunkedBytes.read(in, length);
      }
      long computed = crc.getValue();
      if (in.readLong() != computed) {
        throw new IOException("checksum mismatch");
      }
      return new TaskSnapshot(task, finished, watermark, position, operators);
    } catch (java.io.EOFException e) {
      throw new IOException("too short");
    }
  }
}
