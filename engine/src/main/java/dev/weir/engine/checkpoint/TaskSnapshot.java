package dev.weir.engine.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;

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
public record TaskSnapshot(String task, boolean finished, long watermark, byte[] sourcePosition, byte[][] operators) {
  private static final int MAGIC = 0x57454952; // "WEIR"
  private static final int VERSION = 1;

  /** Total bytes of state held. */
  public long size() {
    long n = sourcePosition == null ? 0 : sourcePosition.length;
    for (byte[] op : operators) {
      n += op.length;
    }
    return n;
  }

  /** The snapshot as a file's bytes, ending in a CRC-32 of the rest so that a damaged file is noticed. */
  public byte[] encode() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
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
    for (byte[] op : operators) {
      out.writeInt(op.length);
      out.write(op);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    return bytes.toByteArray();
  }

  /** Reads {@link #encode}'s bytes; a short, damaged or foreign file is an IOException saying which. */
  public static TaskSnapshot decode(byte[] file) throws IOException {
    if (file.length < 16) {
      throw new IOException("too short (" + file.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(file, 0, file.length - 8);
    long expected = java.nio.ByteBuffer.wrap(file, file.length - 8, 8).getLong();
    if (crc.getValue() != expected) {
      throw new IOException("checksum mismatch");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, file.length - 8));
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
    byte[][] operators = new byte[in.readInt()][];
    for (int i = 0; i < operators.length; i++) {
      operators[i] = new byte[in.readInt()];
      in.readFully(operators[i]);
    }
    return new TaskSnapshot(task, finished, watermark, position, operators);
  }
}
