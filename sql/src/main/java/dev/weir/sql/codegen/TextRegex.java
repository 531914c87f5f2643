package dev.weir.sql.codegen;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A constant regular expression applied to {@link Utf8} values by one compiled expression (one
 * thread): the matcher is reused, an ASCII value is matched on its bytes without decoding, and a
 * value that lacks a literal every match must contain is rejected without running the regex.
 */
public final class TextRegex {
  private final Matcher matcher;
  private final Utf8 required;

  public TextRegex(String regex) {
    Pattern pattern = SqlRuntime.regex(regex);
    this.matcher = pattern.matcher("");
    this.required = Utf8.of(pattern.flags() == 0 ? requiredLiteral(regex) : "");
  }

  /**
   * Flink's REGEXP_EXTRACT into {@code out}: false when there is no match or no such group (the
   * result is NULL), as {@link SqlRuntime#regexpExtract(String, Pattern, long)}.
   */
  public boolean extract(Utf8 s, long group, Utf8 out) {
    if (group < 0 || group > matcher.groupCount() || s.indexOf(required, 0) < 0) {
      return false;
    }
    if (s.isAscii()) {
      matcher.reset(s.asciiChars());
      if (!matcher.find() || matcher.start((int) group) < 0) {
        return false;
      }
      out.slice(s, matcher.start((int) group), matcher.end((int) group));
      return true;
    }
    matcher.reset(s.toString());
    String found = matcher.find() ? matcher.group((int) group) : null;
    if (found == null) {
      return false;
    }
    out.set(found);
    return true;
  }

  /**
   * The longest literal that every match of {@code regex} contains, or "" when none is known. Only
   * the pattern's top level is read, as a concatenation: groups, classes, escapes standing for
   * classes and quantified atoms end a literal run; top-level alternation, inline flags, {@code \Q},
   * unusual escapes and supplementary characters give up (""), since guessing wrong would lose matches.
   */
  static String requiredLiteral(String regex) {
    if (regex.contains("\\Q")) {
      return "";
    }
    for (int k = 0; k < regex.length(); k++) {
      if (Character.isSurrogate(regex.charAt(k))) {
        return "";
      }
      // inline flags, lookaround, named groups, anywhere: not read here
      if (regex.startsWith("(?", k) && !regex.startsWith("(?:", k)) {
        return "";
      }
    }
    StringBuilder run = new StringBuilder();
    String best = "";
    int k = 0;
    int n = regex.length();
    while (k < n) {
      char c = regex.charAt(k);
      int atomEnd; // the index after the atom starting at k
      boolean literal = false;
      char value = c;
      switch (c) {
        case '|':
        case ')':
          return "";
        case '(':
          atomEnd = skipGroup(regex, k);
          break;
        case '[':
          atomEnd = skipClass(regex, k);
          break;
        case '\\':
          if (k + 1 >= n) {
            return "";
          }
          char e = regex.charAt(k + 1);
          if (Character.isLetterOrDigit(e)) {
            if ("dDwWsSbBAzZGRhHvV".indexOf(e) < 0) {
              return ""; // escapes such as \p{..}, \x.., \0.., \k<..>, \t: not read here
            }
          } else {
            literal = true;
            value = e;
          }
          atomEnd = k + 2;
          break;
        case '.':
        case '^':
        case '$':
          atomEnd = k + 1;
          break;
        case '*':
        case '+':
        case '?':
        case '{':
          return ""; // a quantifier with nothing before it: not a pattern read here
        default:
          literal = true;
          atomEnd = k + 1;
      }
      if (atomEnd < 0) {
        return "";
      }
      int quantEnd = skipQuantifier(regex, atomEnd);
      if (quantEnd < 0) {
        return "";
      }
      if (literal && quantEnd == atomEnd) {
        run.append(value);
      } else {
        // a quantified literal may occur zero times (or several): it ends the run
        if (run.length() > best.length()) {
          best = run.toString();
        }
        run.setLength(0);
      }
      k = quantEnd;
    }
    return run.length() > best.length() ? run.toString() : best;
  }

  /** The index after a quantifier at {@code k} (with a lazy or possessive suffix), {@code k} when none, -1 when unreadable. */
  private static int skipQuantifier(String regex, int k) {
    int n = regex.length();
    if (k >= n) {
      return k;
    }
    char c = regex.charAt(k);
    int end;
    if (c == '*' || c == '+' || c == '?') {
      end = k + 1;
    } else if (c == '{') {
      int close = regex.indexOf('}', k);
      if (close < 0 || !regex.substring(k + 1, close).matches("\\d+(,\\d*)?")) {
        return -1;
      }
      end = close + 1;
    } else {
      return k;
    }
    if (end < n && (regex.charAt(end) == '?' || regex.charAt(end) == '+')) {
      end++;
    }
    if (end < n && "*+?{".indexOf(regex.charAt(end)) >= 0) {
      return -1;
    }
    return end;
  }

  /** The index after the group opening at {@code k}, or -1. */
  private static int skipGroup(String regex, int k) {
    int depth = 0;
    for (int i = k; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        i = skipClass(regex, i) - 1;
        if (i < 0) {
          return -1;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  /** The index after the character class opening at {@code k} (classes nest in Java), or -1. */
  private static int skipClass(String regex, int k) {
    int depth = 0;
    for (int i = k; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        depth++;
        int first = i + 1 < regex.length() && regex.charAt(i + 1) == '^' ? i + 2 : i + 1;
        if (first < regex.length() && regex.charAt(first) == ']') {
          return -1; // a leading ']' is literal in some dialects: not read here
        }
      } else if (c == ']' && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
