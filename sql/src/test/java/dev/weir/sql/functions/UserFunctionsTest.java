package dev.weir.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.sql.session.QueryResult;
import dev.weir.sql.session.Row;
import dev.weir.sql.session.StatementResult;
import dev.weir.sql.session.Weir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java UDFs in Flink's syntax: any public class with public eval methods, compiled here into a real jar. */
class UserFunctionsTest {
  @TempDir
  static Path dir;
  private static Path jar;
  private static Weir weir;

  private static final String COUNT_CHAR = """
      package com.example;
      /** Counts how often a character occurs (Nexmark q14's UDF). */
      public class CountChar {
        public long eval(String s, String c) {
          if (s == null || c == null || c.isEmpty()) return 0;
          long n = 0;
          for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c.charAt(0)) n++;
          return n;
        }
      }
      """;
  private static final String PLUS = """
      package com.example;
      /** Overloads: resolved by argument types; boxed parameters receive NULL. */
      public class Plus {
        public long eval(long a, long b) { return a + b; }
        public double eval(double a, double b) { return a + b + 0.5; }
        public String eval(String a, String b) { return a == null ? "null+" + b : a + "+" + b; }
        public Long eval(Long a) { return a == null ? -1L : a * 10; }
      }
      """;
  private static final String NO_EVAL = """
      package com.example;
      public class NoEval { public long apply(long a) { return a; } }
      """;

  @BeforeAll
  static void buildJar() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/com/example"));
    Files.writeString(src.resolve("CountChar.java"), COUNT_CHAR);
    Files.writeString(src.resolve("Plus.java"), PLUS);
    Files.writeString(src.resolve("NoEval.java"), NO_EVAL);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", classes.toString(), src.resolve("CountChar.java").toString(),
        src.resolve("Plus.java").toString(), src.resolve("NoEval.java").toString());
    assertEquals(0, status, "the test UDFs did not compile");
    jar = dir.resolve("udfs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    weir = Weir.create(2);
    weir.execute("ADD JAR '" + jar + "'");
    weir.execute("CREATE FUNCTION count_char AS 'com.example.CountChar'");
    weir.execute("CREATE TEMPORARY FUNCTION plus AS 'com.example.Plus' LANGUAGE JAVA");
  }

  @AfterAll
  static void stop() {
    weir.close();
  }

  private static List<List<Object>> rows(String sql) throws Exception {
    try (QueryResult r = weir.query(sql)) {
      return r.toList().stream().map(Row::values).toList();
    }
  }

  @Test
  void callsEvalWithTheArgumentsOfEachRow() throws Exception {
    assertEquals(List.of(List.of(3L, 0L)),
        rows("SELECT count_char('cocoa c', 'c'), COUNT_CHAR('xyz', 'c')"));
  }

  @Test
  void resolvesOverloadsByArgumentTypes() throws Exception {
    assertEquals(List.of(List.of(5L, 3.0, "a+b", 70L)),
        rows("SELECT plus(2, 3), plus(1.5, CAST(1 AS DOUBLE)), plus('a', 'b'), plus(CAST(7 AS BIGINT))"));
    // NULL reaches boxed parameters; with a primitive parameter the result is NULL without a call
    assertEquals(List.of(java.util.Arrays.asList("null+b", -1L, null)),
        rows("SELECT plus(CAST(NULL AS STRING), 'b'), plus(CAST(NULL AS BIGINT)), plus(CAST(NULL AS INT), 1)"));
  }

  @Test
  void worksOverTablesAndInParallel() throws Exception {
    weir.execute("CREATE TABLE IF NOT EXISTS ticks (counter BIGINT) WITH ('connector' = 'impulse', 'event_rate' = '0',"
        + " 'message_count' = '1000', 'parallelism' = '2')");
    List<List<Object>> r = rows("SELECT SUM(plus(counter, 1)), SUM(count_char(CAST(counter AS STRING), '7')) FROM ticks");
    assertEquals(500500L, r.get(0).get(0));
    assertEquals(300L, r.get(0).get(1)); // the digit 7 occurs 300 times in 0..999
  }

  @Test
  void badFunctionsAreRefusedWithAReason() throws Exception {
    assertEquals("Function 'nope': class 'com.example.Missing' not found. Add the jar that holds it with"
        + " ADD JAR '/path/to.jar'.", assertThrows(Exception.class,
            () -> weir.execute("CREATE FUNCTION nope AS 'com.example.Missing'")).getMessage());
    assertTrue(assertThrows(Exception.class, () -> weir.execute("CREATE FUNCTION noeval AS 'com.example.NoEval'"))
        .getMessage().startsWith("Function 'noeval': class 'com.example.NoEval' has no public eval(...) method"));
    String wrongArguments = assertThrows(Exception.class, () -> rows("SELECT plus(TRUE)")).getMessage();
    assertTrue(wrongArguments.contains("Cannot apply 'PLUS' to arguments of type 'PLUS(<BOOLEAN>)'"), wrongArguments);
    assertEquals("ADD JAR: no such file: /no/such.jar",
        assertThrows(Exception.class, () -> weir.execute("ADD JAR '/no/such.jar'")).getMessage());
    StatementResult functions = weir.execute("SHOW FUNCTIONS");
    assertEquals(List.of(List.of("count_char", "com.example.CountChar"), List.of("plus", "com.example.Plus")),
        ((StatementResult.Table) functions).rows());
    weir.execute("CREATE FUNCTION temp_fn AS 'com.example.Plus'");
    weir.execute("DROP FUNCTION temp_fn");
    assertTrue(assertThrows(Exception.class, () -> rows("SELECT temp_fn(1, 2)")).getMessage()
        .contains("No match found for function signature temp_fn"));
  }
}
