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
  /** The most chars a match can have before {@link #required}, or -1 when not known. */
  private final int maxBefore;

  public TextRegex(String regex) {
    Pattern pattern = SqlRuntime.regex(regex);
    this.matcher = pattern.matcher("");
    Prefilter p = pattern.flags() == 0 ? prefilter(regex) : new Prefilter("", -1);
    this.required = Utf8.of(p.literal());
    this.maxBefore = p.maxBefore();
  }

  /**
   * A literal every match contains, and the most chars (on ASCII text) that a match can have
   * before it (-1 when unbounded or not known): no match starts earlier than that before the
   * literal's first occurrence, so the search can start there.
   */
  record Prefilter(String literal, int maxBefore) {}

  /**
   * Flink's REGEXP_EXTRACT into {@code out}: false when there is no match or no such group (the
   * result is NULL), as {@link SqlRuntime#regexpExtract(String, Pattern, long)}.
   */
  public boolean extract(Utf8 s, long group, Utf8 out) {
    int at = s.indexOf(required, 0);
    if (group < 0 || group > matcher.groupCount() || at < 0) {
      return false;
    }
    if (s.isAscii()) {
      // find(from) resets the matcher: ^ still means the start of the value
      matcher.reset(s.asciiChars());
      boolean found = maxBefore >= 0 ? matcher.find(Math.max(0, at - maxBefore)) : matcher.find();
      if (!found || matcher.start((int) group) < 0) {
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
    return prefilter(regex).literal();
  }

  static Prefilter prefilter(String regex) {
    Prefilter none = new Prefilter("", -1);
    if (regex.contains("\\Q")) {
      return none;
    }
    for (int k = 0; k < regex.length(); k++) {
      if (Character.isSurrogate(regex.charAt(k))) {
        return none;
      }
      // inline flags, lookaround, named groups, anywhere: not read here
      if (regex.startsWith("(?", k) && !regex.startsWith("(?:", k)) {
        return none;
      }
    }
    StringBuilder run = new StringBuilder();
    int runStart = 0;
    String best = "";
    int bestStart = 0;
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
          return none;
        case '(':
          atomEnd = skipGroup(regex, k);
          break;
        case '[':
          atomEnd = skipClass(regex, k);
          break;
        case '\\':
          if (k + 1 >= n) {
            return none;
          }
          char e = regex.charAt(k + 1);
          if (Character.isLetterOrDigit(e)) {
            if ("dDwWsSbBAzZGRhHvV".indexOf(e) < 0) {
              return none; // escapes such as \p{..}, \x.., \0.., \k<..>, \t: not read here
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
          return none; // a quantifier with nothing before it: not a pattern read here
        default:
          literal = true;
          atomEnd = k + 1;
      }
      if (atomEnd < 0) {
        return none;
      }
      int quantEnd = skipQuantifier(regex, atomEnd);
      if (quantEnd < 0) {
        return none;
      }
      if (literal && quantEnd == atomEnd) {
        if (run.length() == 0) {
          runStart = k;
        }
        run.append(value);
      } else {
        // a quantified literal may occur zero times (or several): it ends the run
        if (run.length() > best.length()) {
          best = run.toString();
          bestStart = runStart;
        }
        run.setLength(0);
      }
      k = quantEnd;
    }
    if (run.length() > best.length()) {
      best = run.toString();
      bestStart = runStart;
    }
    return new Prefilter(best, best.isEmpty() ? -1 : maxLength(regex, 0, bestStart));
  }

  /**
   * The most chars a match of {@code regex} from {@code from} to {@code to} can take on ASCII text
   * (where a class or {@code .} takes one char), or -1 when unbounded or not read here.
   */
  private static int maxLength(String regex, int from, int to) {
    int best = 0;
    int sum = 0;
    int k = from;
    while (k < to) {
      char c = regex.charAt(k);
      int atomEnd;
      int len;
      if (c == '|') {
        best = Math.max(best, sum);
        sum = 0;
        k++;
        continue;
      } else if (c == '(') {
        atomEnd = skipGroup(regex, k);
        if (atomEnd < 0 || atomEnd > to) {
          return -1;
        }
        len = maxLength(regex, regex.startsWith("(?:", k) ? k + 3 : k + 1, atomEnd - 1);
      } else if (c == '[') {
        atomEnd = skipClass(regex, k);
        len = 1;
      } else if (c == '\\' && k + 1 < to) {
        char e = regex.charAt(k + 1);
        len = !Character.isLetterOrDigit(e) || "dDwWsShHvV".indexOf(e) >= 0 ? 1 : "bBAzZG".indexOf(e) >= 0 ? 0 : -1;
        atomEnd = k + 2;
      } else if (c == '^' || c == '$') {
        len = 0;
        atomEnd = k + 1;
      } else if (c == ')' || c == '\\') {
        return -1;
      } else {
        len = 1;
        atomEnd = k + 1;
      }
      int quantEnd = skipQuantifier(regex, atomEnd);
      if (len < 0 || atomEnd < 0 || quantEnd < 0 || quantEnd > to) {
        return -1;
      }
      int times = 1;
      if (quantEnd > atomEnd) {
        char q = regex.charAt(atomEnd);
        if (q == '*' || q == '+') {
          return -1;
        }
        if (q == '{') {
          String[] bounds = regex.substring(atomEnd + 1, regex.indexOf('}', atomEnd)).split(",", -1);
          String most = bounds[bounds.length - 1];
          if (most.isEmpty() || most.length() > 4) {
            return -1;
          }
          times = Integer.parseInt(most);
        }
      }
      sum += len * times;
      if (sum > 1_000_000) {
        return -1;
      }
      k = quantEnd;
    }
    return Math.max(best, sum);
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
