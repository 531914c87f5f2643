package dev.weir.sql.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A constant LIKE pattern applied to {@link Utf8} values by one compiled expression (one thread).
 * A pattern of literal text and {@code %} only (equality, prefix, suffix, contains, ...) is matched
 * on the bytes: UTF-8 text contains another's bytes exactly where it contains that text. A pattern
 * with {@code _} (one character, not one byte) runs its regular expression, on the bytes of ASCII
 * text and on the decoded String otherwise.
 */
public final class TextLike {
  /** The literal parts between the {@code %}s, or null when the pattern has a {@code _}. */
  private final Utf8[] parts;
  private final Matcher matcher;

  public TextLike(String pattern, String escape) {
    this.matcher = SqlRuntime.likePattern(pattern, escape).matcher("");
    this.parts = split(pattern, escape);
  }

  private static Utf8[] split(String pattern, String escape) {
    char esc = escape == null || escape.isEmpty() ? 0 : escape.charAt(0);
    List<Utf8> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < pattern.length(); i += Character.charCount(pattern.codePointAt(i))) {
      int c = pattern.codePointAt(i);
      // as SqlRuntime.likePattern reads it
      if (esc != 0 && c == esc && i + 1 < pattern.length()) {
        i++;
        part.appendCodePoint(pattern.codePointAt(i));
      } else if (c == '_') {
        return null;
      } else if (c == '%') {
        parts.add(Utf8.of(part.toString()));
        part.setLength(0);
      } else {
        part.appendCodePoint(c);
      }
    }
    parts.add(Utf8.of(part.toString()));
    return parts.toArray(new Utf8[0]);
  }

  public boolean matches(Utf8 s) {
    if (parts == null) {
      return matcher.reset(s.isAscii() ? s.asciiChars() : s.toString()).matches();
    }
    Utf8 first = parts[0];
    Utf8 last = parts[parts.length - 1];
    if (parts.length == 1) {
      return s.sameText(first);
    }
    int end = s.length() - last.length();
    if (end < first.length() || !s.regionMatches(0, first) || !s.regionMatches(end, last)) {
      return false;
    }
    // the parts in between, each at its leftmost place after the previous: enough for '%' alone
    int at = first.length();
    for (int k = 1; k < parts.length - 1; k++) {
      int found = s.indexOf(parts[k], at);
      if (found < 0 || found + parts[k].length() > end) {
        return false;
      }
      at = found + parts[k].length();
    }
    return true;
  }
}
