package dev.weir.sql.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/** The byte-level text functions give what their String versions give, on random ASCII and non-ASCII text. */
class Utf8FunctionsTest {
  private static final String[] PIECES = {"a", "b", "c", "A", "Z", "/", "&", "=", "_", "x", "1", "é", "ß", "İ", "日",
      "😀", "ǅ", "ﬃ", "channel_id", " "};

  private static String randomText(Random r, boolean ascii) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int k = 0; k < n; k++) {
      String p = PIECES[r.nextInt(PIECES.length)];
      if (!ascii || p.chars().allMatch(c -> c < 128)) {
        b.append(p);
      }
    }
    return b.toString();
  }

  /** A view over a copy of the value's bytes at an offset, as columns and slices are. */
  private static Utf8 view(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[b.length + 6];
    System.arraycopy(b, 0, padded, 3, b.length);
    return new Utf8().slice(padded, 3, 3 + b.length);
  }

  private static String bytesOf(Utf8 u) {
    return new String(u.array(), u.start(), u.length(), StandardCharsets.UTF_8);
  }

  @Test
  void caseMappingLengthAndEqualityMatchTheStringFunctions() {
    Random r = new Random(1);
    Utf8 out = new Utf8();
    for (int i = 0; i < 20_000; i++) {
      String s = randomText(r, i % 2 == 0);
      String t = r.nextInt(4) == 0 ? s : randomText(r, i % 2 == 0);
      assertEquals(SqlRuntime.lower(s), bytesOf(SqlRuntime.lower(view(s), out)), s);
      assertEquals(SqlRuntime.upper(s), bytesOf(SqlRuntime.upper(view(s), out)), s);
      assertEquals(SqlRuntime.upper(s), SqlRuntime.upper(view(s), out).toString(), s);
      assertEquals(SqlRuntime.charLength(s), SqlRuntime.charLength(view(s)), s);
      assertEquals(s.equals(t), SqlRuntime.equal(view(s), view(t)), s + " = " + t);
      assertEquals(s.equals(t), SqlRuntime.equal(view(s), new Utf8().set(t)), s + " = " + t);
    }
  }

  @Test
  void indexOfMatchesStringIndexOf() {
    Random r = new Random(9);
    for (int i = 0; i < 50_000; i++) {
      // long values too, so that the eight-bytes-at-a-time scan and its tail both run
      String s = randomText(r, i % 2 == 0) + randomText(r, i % 2 == 0) + randomText(r, i % 2 == 0);
      String needle = r.nextInt(3) == 0 && !s.isEmpty() ? s.substring(r.nextInt(s.length())) : PIECES[r.nextInt(PIECES.length)];
      if (needle.length() > 0 && Character.isLowSurrogate(needle.charAt(0))) {
        continue;
      }
      int from = r.nextInt(s.length() + 1);
      if (from < s.length() && Character.isLowSurrogate(s.charAt(from))) {
        continue; // not a character boundary, so no byte position
      }
      Utf8 view = view(s);
      int byteFrom = s.substring(0, from).getBytes(StandardCharsets.UTF_8).length;
      int expected = s.indexOf(needle, from);
      int at = view.indexOf(view(needle), byteFrom);
      assertEquals(expected < 0 ? -1 : s.substring(0, expected).getBytes(StandardCharsets.UTF_8).length, at,
          needle + " in " + s + " from " + from);
    }
    byte[] bytes = new byte[40];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i % 7 == 3 ? 0x80 | i : i);
    }
    for (int from = 0; from < bytes.length; from++) {
      for (int b = -128; b < 128; b++) {
        int expected = -1;
        for (int k = from; k < bytes.length - 2 && expected < 0; k++) {
          expected = bytes[k] == b ? k : -1;
        }
        assertEquals(expected, Utf8.indexOfByte(bytes, (byte) b, from, bytes.length - 2));
      }
    }
  }

  /** Flink's SPLIT_INDEX on Strings, the reference: the index-th piece of s split at separator, or null. */
  static String splitIndex(String s, String separator, long index) {
    if (index < 0 || separator.isEmpty()) {
      return null;
    }
    String[] pieces = s.split(java.util.regex.Pattern.quote(separator), -1);
    return index < pieces.length ? pieces[(int) index] : null;
  }

  @Test
  void splitIndexMatchesTheStringFunction() {
    Random r = new Random(2);
    Utf8 out = new Utf8();
    for (int i = 0; i < 20_000; i++) {
      String s = randomText(r, i % 2 == 0);
      String sep = r.nextInt(5) == 0 ? "" : PIECES[r.nextInt(PIECES.length)];
      long index = r.nextInt(6) - 1;
      String expected = splitIndex(s, sep, index);
      boolean found = SqlRuntime.splitIndex(view(s), view(sep), index, out);
      assertEquals(expected != null, found, s + " / " + sep + " / " + index);
      if (found) {
        assertEquals(expected, bytesOf(out));
        assertEquals(expected, out.toString());
      }
    }
  }

  @Test
  void readsRowsOfAVarCharVector() {
    try (BufferAllocator alloc = new RootAllocator(); VarCharVector v = new VarCharVector("v", alloc)) {
      String[] values = {"short", "", "日本語 and a value longer than the view's first buffer of sixty-four bytes.", "x"};
      v.allocateNew();
      for (int k = 0; k < values.length; k++) {
        v.setSafe(k, values[k].getBytes(StandardCharsets.UTF_8));
      }
      v.setValueCount(values.length);
      Utf8 u = new Utf8();
      for (int k = 0; k < values.length; k++) {
        assertEquals(values[k], u.load(v, k).toString());
        assertEquals(values[k], bytesOf(u));
      }
    }
  }

  @Test
  void regexpExtractMatchesTheStringFunction() {
    Random r = new Random(3);
    String[] patterns = {"(&|^)channel_id=([^&]*)", "([a-z]+)=(\\d+)", "é(.)", "a|b", "(x)?y", "c+", "^/(.*)/$"};
    Utf8 out = new Utf8();
    for (String p : patterns) {
      TextRegex regex = new TextRegex(p);
      for (int i = 0; i < 5_000; i++) {
        String s = randomText(r, i % 2 == 0);
        long group = r.nextInt(4) - 1;
        String expected = SqlRuntime.regexpExtract(s, p, group);
        boolean found = regex.extract(view(s), group, out);
        assertEquals(expected != null, found, p + " on " + s);
        if (found) {
          assertEquals(expected, out.toString(), p + " on " + s);
          assertEquals(expected, bytesOf(out), p + " on " + s);
        }
      }
    }
  }

  @Test
  void requiredLiteralsOfKnownPatterns() {
    assertEquals("channel_id=", TextRegex.requiredLiteral("(&|^)channel_id=([^&]*)"));
    assertEquals("", TextRegex.requiredLiteral("a|channel_id"));
    assertEquals("abc", TextRegex.requiredLiteral("x*abc\\d+de"));
    assertEquals("a.", TextRegex.requiredLiteral("a\\.b+"));
    assertEquals("a.b", TextRegex.requiredLiteral("a\\.b[0-9]+"));
    assertEquals("", TextRegex.requiredLiteral("(?i)channel"));
    assertEquals("order-", TextRegex.requiredLiteral("order-([0-9]+)"));
    assertEquals(new TextRegex.Prefilter("channel_id=", 1), TextRegex.prefilter("(&|^)channel_id=([^&]*)"));
    assertEquals(new TextRegex.Prefilter("abc", -1), TextRegex.prefilter("x*abc"));
    assertEquals(new TextRegex.Prefilter("abc", 6), TextRegex.prefilter("(x{2,3}|y)?[ab].\\d\\babc"));
  }

  /** The prefilter never changes a result: every match contains the literal, on random patterns and inputs. */
  @Test
  void requiredLiteralIsInEveryMatch() {
    Random r = new Random(4);
    String[] atoms = {"a", "b", "ab", "é", "\\.", ".", "[ab]", "[^a]", "(a|b)", "(?:ab)", "\\d", "\\w", "^", "$", "|",
        "(", ")", "*", "+", "?", "{2}", "{1,2}", "[", "]", "\\", "1", "=", "&", "(?i)", "\\Q", "\\E", "😀"};
    int checked = 0;
    int offsets = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder p = new StringBuilder();
      for (int k = r.nextInt(8); k >= 0; k--) {
        p.append(atoms[r.nextInt(atoms.length)]);
      }
      Pattern pattern;
      try {
        pattern = Pattern.compile(p.toString());
      } catch (PatternSyntaxException e) {
        continue;
      }
      TextRegex.Prefilter prefilter = TextRegex.prefilter(p.toString());
      String literal = prefilter.literal();
      for (int k = 0; k < 20; k++) {
        boolean ascii = r.nextBoolean();
        String s = randomText(r, ascii) + (r.nextBoolean() ? "ab.=1a" : "") + randomText(r, ascii);
        Matcher m = pattern.matcher(s);
        if (m.find()) {
          assertTrue(s.contains(literal), "pattern " + p + " matches " + s + " without " + literal);
          checked++;
          if (ascii && prefilter.maxBefore() >= 0) {
            // no match starts more than maxBefore chars before the literal's first occurrence
            Matcher from = pattern.matcher(s);
            assertTrue(from.find(Math.max(0, s.indexOf(literal) - prefilter.maxBefore())), p + " on " + s);
            assertEquals(m.start() + ":" + m.end(), from.start() + ":" + from.end(), p + " on " + s);
            offsets++;
          }
        }
      }
    }
    assertTrue(checked > 10_000, "too few matches to say anything: " + checked);
    assertTrue(offsets > 2_000, "too few searches from an offset: " + offsets);
    assertFalse(TextRegex.requiredLiteral("abc").isEmpty());
  }
}
