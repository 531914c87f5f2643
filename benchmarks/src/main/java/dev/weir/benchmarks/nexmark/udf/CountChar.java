package dev.weir.benchmarks.nexmark.udf;

/** Nexmark q14's user-defined function: how often a character occurs in a string. A plain class, as Weir's UDFs are. */
public class CountChar {
  /** The number of occurrences of the first character of {@code c} in {@code s}. */
  public long eval(String s, String c) {
    if (s == null || c == null || c.isEmpty()) {
      return 0;
    }
    char wanted = c.charAt(0);
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == wanted) {
        n++;
      }
    }
    return n;
  }
}
