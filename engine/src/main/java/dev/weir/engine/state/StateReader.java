package dev.weir.engine.state;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads back what a {@link StateWriter} wrote, in the same order. */
public final class StateReader {
  private final DataInputStream in;

  public StateReader(byte[] state) {
    this(new ByteArrayInputStream(state));
  }

  public StateReader(java.io.InputStream state) {
    this.in = new DataInputStream(state);
  }

  public int readInt() throws IOException {
    return in.readInt();
  }

  public long readLong() throws IOException {
    return in.readLong();
  }

  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  public byte[] readBytes() throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  public int[] readInts() throws IOException {
    int[] v = new int[in.readInt()];
    byte[] block = new byte[Integer.BYTES * Math.min(v.length, StateWriter.BLOCK)];
    for (int from = 0; from < v.length; from += StateWriter.BLOCK) {
      int count = Math.min(v.length - from, StateWriter.BLOCK);
      in.readFully(block, 0, count * Integer.BYTES);
      ByteBuffer.wrap(block, 0, count * Integer.BYTES).asIntBuffer().get(v, from, count);
    }
    return v;
  }

  public long[] readLongs() throws IOException {
    long[] v = new long[in.readInt()];
    byte[] block = new byte[Long.BYTES * Math.min(v.length, StateWriter.BLOCK)];
    for (int from = 0; from < v.length; from += StateWriter.BLOCK) {
      int count = Math.min(v.length - from, StateWriter.BLOCK);
      in.readFully(block, 0, count * Long.BYTES);
      ByteBuffer.wrap(block, 0, count * Long.BYTES).asLongBuffer().get(v, from, count);
    }
    return v;
  }

  public IntList readIntList() throws IOException {
    IntList list = new IntList();
    for (int i = 0, n = in.readInt(); i < n; i++) {
      list.add(in.readInt());
    }
    return list;
  }

  public BitSet readBitSet() throws IOException {
    return BitSet.valueOf(readBytes());
  }

  /**
   * Vectors written by {@link StateWriter#writeVectors}, now owned by the caller and allocated
   * from {@code allocator}; they must have {@code schema}'s columns (the plan restored is the plan
   * snapshotted).
   */
  public VectorSchemaRoot readVectors(Schema schema, BufferAllocator allocator) throws IOException {
    VectorSchemaRoot read = readVectors(allocator);
    if (!read.getSchema().equals(schema)) {
      read.close();
      throw new IOException("snapshot holds columns " + read.getSchema() + ", expected " + schema);
    }
    return read;
  }

  /** Vectors written by {@link StateWriter#writeVectors}, of whatever columns they have. */
  public VectorSchemaRoot readVectors(BufferAllocator allocator) throws IOException {
    // the IPC reader reads exactly its messages and end marker: what follows stays for the next read
    java.io.InputStream unclosable = new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
    try (ArrowStreamReader reader = new ArrowStreamReader(unclosable, allocator)) {
      VectorSchemaRoot read = reader.getVectorSchemaRoot();
      Schema schema = read.getSchema();
      if (!reader.loadNextBatch()) {
        throw new IOException("snapshot ends inside its vectors");
      }
      VectorSchemaRoot owned = VectorSchemaRoot.create(schema, allocator);
      List<FieldVector> from = read.getFieldVectors();
      for (int c = 0; c < from.size(); c++) {
        from.get(c).makeTransferPair(owned.getVector(c)).transfer();
      }
      owned.setRowCount(read.getRowCount());
      if (reader.loadNextBatch()) { // reads the stream's end marker, so that what follows is next
        owned.close();
        throw new IOException("snapshot holds more than one batch of vectors where one was written");
      }
      return owned;
    }
  }

  public Object readValue() throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case StateWriter.NULL -> null;
      case StateWriter.LONG -> in.readLong();
      case StateWriter.DOUBLE -> in.readDouble();
      case StateWriter.DECIMAL -> {
        int scale = in.readInt();
        yield new BigDecimal(new BigInteger(readBytes()), scale);
      }
      case StateWriter.STRING -> new String(readBytes(), StandardCharsets.UTF_8);
      case StateWriter.BYTES -> ByteBuffer.wrap(readBytes());
      case StateWriter.BYTE_ARRAY -> readBytes();
      case StateWriter.BOOLEAN -> in.readBoolean();
      case StateWriter.INT -> in.readInt();
      case StateWriter.SHORT -> in.readShort();
      case StateWriter.BYTE -> in.readByte();
      case StateWriter.FLOAT -> in.readFloat();
      default -> throw new IOException("unknown value tag " + tag + " in snapshot");
    };
  }

  /** Fills {@code counts} with what {@link StateWriter#writeCounts} wrote. */
  public void readCounts(Map<Object, Long> counts) throws IOException {
    for (int i = 0, n = in.readInt(); i < n; i++) {
      counts.put(readValue(), in.readLong());
    }
  }
}
