package dev.weir.sql.functions;

import dev.weir.catalog.Catalog;
import dev.weir.catalog.FunctionDefinition;
import dev.weir.catalog.ValidationException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * A session's user-defined functions and the jars they come from ({@code ADD JAR}). Function names
 * match case-insensitively, as built-in ones do.
 */
public final class UserFunctions implements SqlOperatorTable {
  /** One loader for the session, growing with each ADD JAR, so that functions defined earlier keep their classes. */
  private static final class JarLoader extends URLClassLoader {
    JarLoader() {
      super(new URL[0], UserFunctions.class.getClassLoader());
    }

    void add(URL url) {
      addURL(url);
    }
  }

  private final JarLoader loader = new JarLoader();
  private final Map<String, JavaUdf> functions = new ConcurrentHashMap<>();

  /** The loader that sees every added jar: generated code that calls user functions compiles against it. */
  public ClassLoader classLoader() {
    return loader;
  }

  public synchronized void addJar(String path) {
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      throw new ValidationException("ADD JAR: no such file: " + path);
    }
    try {
      loader.add(p.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new ValidationException("ADD JAR: not a usable path: " + path);
    }
  }

  /** Loads and checks the function's class; the catalog records it once this succeeds. */
  public JavaUdf define(FunctionDefinition definition) {
    JavaUdf udf = JavaUdf.of(definition.name(), definition.className(), loader);
    functions.put(definition.name().toUpperCase(Locale.ROOT), udf);
    return udf;
  }

  public void drop(String name) {
    functions.remove(name.toUpperCase(Locale.ROOT));
  }

  /** Forgets functions the catalog no longer has. */
  public void retainAll(Catalog catalog) {
    functions.keySet().removeIf(k -> catalog.function(k).isEmpty());
  }

  @Override
  public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
      List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
    if (opName.isSimple() && syntax == SqlSyntax.FUNCTION) {
      JavaUdf f = functions.get(opName.getSimple().toUpperCase(Locale.ROOT));
      if (f != null) {
        operatorList.add(f);
      }
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    return List.copyOf(functions.values());
  }
}
