package dev.weir.engine.state;

import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Where an operator writes its state for a checkpoint. Columnar state (keys, held rows) goes as
 * Arrow IPC, exactly as it lies in the operator's vectors; the arrays beside it as plain binary;
 * boxed values (accumulators) with a one-byte type tag. {@link StateReader} reads the same
 * sequence back: an operator writes and reads its fields in one order.
 */
public final class StateWriter {
  static final byte NULL = 0;
  static final byte LONG = 1;
  static final byte DOUBLE = 2;
  static final byte DECIMAL = 3;
  static final byte STRING = 4;
  static final byte BYTES = 5;
  static final byte BOOLEAN = 6;
  static final byte INT = 7;
  static final byte SHORT = 8;
  static final byte BYTE = 9;
  static final byte FLOAT = 10;
  static final byte BYTE_ARRAY = 11;

  /** Arrays go out this many values at a time, in one write each (DataOutput would write them byte by byte). */
  static final int BLOCK = 8192;

  private final ChunkedBytes bytes = new ChunkedBytes();
  private final DataOutputStream out = new DataOutputStream(bytes);

  /** Everything written so far. */
  public ChunkedBytes bytes() {
    return bytes;
  }

  /** Everything written so far, as one array (tests, small states). */
  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  public void writeInt(int v) throws IOException {
    out.writeInt(v);
  }

  public void writeLong(long v) throws IOException {
    out.writeLong(v);
  }

  public void writeBoolean(boolean v) throws IOException {
    out.writeBoolean(v);
  }

  public void writeBytes(byte[] v) throws IOException {
    out.writeInt(v.length);
    out.write(v);
  }

  /** The first {@code n} values of {@code values}. */
  public void writeInts(int[] values, int n) throws IOException {
    out.writeInt(n);
    ByteBuffer block = ByteBuffer.allocate(Integer.BYTES * Math.min(n, BLOCK));
    for (int from = 0; from < n; from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      block.clear();
      block.asIntBuffer().put(values, from, to - from);
      out.write(block.array(), 0, (to - from) * Integer.BYTES);
    }
  }

  /** The first {@code n} values of {@code values}. */
  public void writeLongs(long[] values, int n) throws IOException {
    out.writeInt(n);
    ByteBuffer block = ByteBuffer.allocate(Long.BYTES * Math.min(n, BLOCK));
    for (int from = 0; from < n; from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      block.clear();
      block.asLongBuffer().put(values, from, to - from);
      out.write(block.array(), 0, (to - from) * Long.BYTES);
    }
  }

  public void writeIntList(IntList list) throws IOException {
    out.writeInt(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.writeInt(list.get(i));
    }
  }

  public void writeBitSet(BitSet set) throws IOException {
    writeBytes(set.toByteArray());
  }

  /**
   * The vectors' rows ({@code root}'s row count of them) as one Arrow IPC stream, written in place:
   * the stream's own framing (and its end-of-stream marker) tells the reader where it ends.
   */
  public void writeVectors(VectorSchemaRoot root) throws IOException {
    out.flush();
    ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(unclosable()));
    writer.start();
    writer.writeBatch();
    writer.end();
  }

  /** The buffer, as a stream that closing does not close (the IPC writer closes its channel). */
  private java.io.OutputStream unclosable() {
    return new java.io.FilterOutputStream(bytes) {
      @Override
      public void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
      }

      @Override
      public void close() {}
    };
  }

  /** A SQL value as aggregates hold it: null, a number, a string, bytes or a boolean. */
  public void writeValue(Object v) throws IOException {
    if (v == null) {
      out.writeByte(NULL);
    } else if (v instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (v instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (v instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      out.writeInt(d.scale());
      writeBytes(d.unscaledValue().toByteArray());
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      writeBytes(s.getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof ByteBuffer b) {
      out.writeByte(BYTES);
      writeBytes(b.array());
    } else if (v instanceof byte[] b) {
      out.writeByte(BYTE_ARRAY);
      writeBytes(b);
    } else if (v instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (v instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (v instanceof Short s) {
      out.writeByte(SHORT);
      out.writeShort(s);
    } else if (v instanceof Byte b) {
      out.writeByte(BYTE);
      out.writeByte(b);
    } else if (v instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeFloat(f);
    } else {
      throw new IOException("cannot write a value of type " + v.getClass().getName() + " to a snapshot");
    }
  }

  /** A map of values to counts (MIN/MAX and DISTINCT under retraction). */
  public void writeCounts(Map<Object, Long> counts) throws IOException {
    out.writeInt(counts.size());
    for (Map.Entry<Object, Long> e : counts.entrySet()) {
      writeValue(e.getKey());
      out.writeLong(e.getValue());
    }
  }
}
