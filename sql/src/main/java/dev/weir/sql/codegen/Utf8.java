package dev.weir.sql.codegen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.VarCharVector;

/**
 * A text value as UTF-8 bytes (a slice of an array), decoded into a {@link String} only when a
 * function needs one. Generated code keeps one per column read and per function call site and
 * reuses it row after row, so reading, comparing, slicing and writing text allocates nothing. A
 * value set from a {@code String} is encoded only when its bytes are asked for.
 */
public final class Utf8 {
  /** This view's own buffer, for the values it copies or writes; {@link #bytes} may be another's. */
  private byte[] own = new byte[64];
  private byte[] bytes = own;
  private int start;
  private int length;
  /** The decoded value, or the value itself while {@link #bytes} is null. */
  private String string;

  /** A constant (a literal's value): encoded once. */
  public static Utf8 of(String s) {
    Utf8 u = new Utf8().set(s);
    u.encode();
    return u;
  }

  /** Row {@code row} (not null) of {@code vector}, copied into this view's buffer. */
  public Utf8 load(VarCharVector vector, int row) {
    int from = vector.getStartOffset(row);
    int len = vector.getEndOffset(row) - from;
    vector.getDataBuffer().getBytes(from, buffer(len), 0, len);
    return written(len);
  }

  /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code array}, not copied. */
  public Utf8 slice(byte[] array, int from, int to) {
    bytes = array;
    start = from;
    length = to - from;
    string = null;
    return this;
  }

  public Utf8 set(String s) {
    bytes = null;
    string = s;
    return this;
  }

  /** This view's own buffer with room for {@code len} bytes, to write a value into and then call {@link #written}. */
  byte[] buffer(int len) {
    if (own.length < len) {
      own = new byte[Math.max(len, own.length * 2)];
    }
    return own;
  }

  /** The value is the first {@code len} bytes of {@link #buffer}. */
  Utf8 written(int len) {
    return slice(own, 0, len);
  }

  private void encode() {
    if (bytes == null) {
      byte[] b = string.getBytes(StandardCharsets.UTF_8);
      bytes = b;
      start = 0;
      length = b.length;
    }
  }

  public byte[] array() {
    encode();
    return bytes;
  }

  public int start() {
    encode();
    return start;
  }

  public int length() {
    encode();
    return length;
  }

  /** Whether every byte is ASCII, so that bytes and chars correspond one to one. */
  public boolean isAscii() {
    encode();
    int k = start;
    int end = start + length;
    for (; k + 8 <= end; k += 8) {
      if (((long) LONGS.get(bytes, k) & HIGHS) != 0) {
        return false;
      }
    }
    for (; k < end; k++) {
      if (bytes[k] < 0) {
        return false;
      }
    }
    return true;
  }

  /** Equal text; for valid UTF-8 (what Arrow's VARCHAR holds) the same as equal Strings. */
  public boolean sameText(Utf8 other) {
    encode();
    other.encode();
    return Arrays.equals(bytes, start, start + length, other.bytes, other.start, other.start + other.length);
  }

  /** Whether {@code other}'s bytes occur at {@code offset} (relative to the value, within it). */
  public boolean regionMatches(int offset, Utf8 other) {
    encode();
    other.encode();
    return Arrays.equals(bytes, start + offset, start + offset + other.length, other.bytes, other.start,
        other.start + other.length);
  }

  /** The first position at or after {@code from} (relative to the value) where {@code needle} occurs, or -1. */
  public int indexOf(Utf8 needle, int from) {
    encode();
    needle.encode();
    int n = needle.length;
    if (n == 0) {
      return from <= length ? from : -1;
    }
    byte[] nb = needle.bytes;
    int ns = needle.start;
    byte first = nb[ns];
    int last = start + length - n;
    outer:
    for (int k = indexOfByte(bytes, first, start + from, last + 1); k >= 0; k = indexOfByte(bytes, first, k + 1, last + 1)) {
      // a plain loop: needles are short, and Arrays.equals costs more than it saves on a few bytes
      for (int m = 1; m < n; m++) {
        if (bytes[k + m] != nb[ns + m]) {
          continue outer;
        }
      }
      return k - start;
    }
    return -1;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The first index of {@code b} in {@code array} from {@code from} (inclusive) to {@code to}
   * (exclusive), or -1: eight bytes at a time, with the classic "has a zero byte" test on the
   * bytes XOR b, whose lowest flagged byte is exactly the first match.
   */
  static int indexOfByte(byte[] array, byte b, int from, int to) {
    long pattern = ONES * (b & 0xFF);
    int k = from;
    for (; k + 8 <= to; k += 8) {
      long w = (long) LONGS.get(array, k) ^ pattern;
      long found = (w - ONES) & ~w & HIGHS;
      if (found != 0) {
        return k + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; k < to; k++) {
      if (array[k] == b) {
        return k;
      }
    }
    return -1;
  }

  /** Bytes {@code from} to {@code to} (relative to {@code of}'s value) of another view, not copied. */
  public Utf8 slice(Utf8 of, int from, int to) {
    of.encode();
    return slice(of.bytes, of.start + from, of.start + to);
  }

  @Override
  public String toString() {
    if (string == null) {
      string = new String(bytes, start, length, StandardCharsets.UTF_8);
    }
    return string;
  }

  /** The value's bytes as chars, one to one: a regular expression can run on it when the value {@link #isAscii}. */
  CharSequence asciiChars() {
    encode();
    return chars;
  }

  private final CharSequence chars = new CharSequence() {
    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      return (char) bytes[start + index];
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      return new String(bytes, start + from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return subSequence(0, length).toString();
    }
  };
}
