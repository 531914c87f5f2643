package dev.weir.connectors.filesystem;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a stream into lines of bytes without decoding or copying them: each line is a window
 * {@code [start, start + length)} of {@link #buffer()}, valid until the next call.
 */
final class LineReader {
  private final InputStream in;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private int start;
  private int length;
  private long lineNumber;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** Advances to the next line; false at the end of the stream. Strips {@code \n} and {@code \r\n}. */
  boolean next() throws IOException {
    int scan = pos;
    while (true) {
      for (int i = scan; i < limit; i++) {
        if (buf[i] == '\n') {
          start = pos;
          length = i - pos;
          if (length > 0 && buf[i - 1] == '\r') {
            length--;
          }
          pos = i + 1;
          lineNumber++;
          return true;
        }
      }
      if (eof) {
        if (pos < limit) {
          start = pos;
          length = limit - pos;
          if (length > 0 && buf[start + length - 1] == '\r') {
            length--;
          }
          pos = limit;
          lineNumber++;
          return true;
        }
        return false;
      }
      scan = limit - pos;
      fill();
    }
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      byte[] bigger = new byte[buf.length * 2];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  byte[] buffer() {
    return buf;
  }

  int start() {
    return start;
  }

  int length() {
    return length;
  }

  /** The 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }
}
