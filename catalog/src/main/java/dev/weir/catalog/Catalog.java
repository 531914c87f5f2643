package dev.weir.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables and views of a session. Names are case-sensitive and shared between tables and
 * views. Callers validate a statement fully before calling a mutator, so a failed statement leaves
 * the catalog as it was.
 */
public final class Catalog {
  private final Map<String, TableDefinition> tables = new ConcurrentHashMap<>();
  private final Map<String, ViewDefinition> views = new ConcurrentHashMap<>();
  /** By upper-cased name: function calls are case-insensitive. */
  private final Map<String, FunctionDefinition> functions = new ConcurrentHashMap<>();
  /** Counts changes, so that a caller can tell whether a statement changed anything. */
  private volatile long version;

  public long version() {
    return version;
  }

  public Optional<FunctionDefinition> function(String name) {
    return Optional.ofNullable(functions.get(name.toUpperCase(java.util.Locale.ROOT)));
  }

  public synchronized void createFunction(FunctionDefinition function, boolean replace) {
    String key = function.name().toUpperCase(java.util.Locale.ROOT);
    if (!replace && functions.containsKey(key)) {
      throw new ValidationException("Function '" + function.name()
          + "' already exists. Use IF NOT EXISTS to ignore, or DROP it first.");
    }
    functions.put(key, function);
    version++;
  }

  public synchronized boolean dropFunction(String name) {
    return changed(functions.remove(name.toUpperCase(java.util.Locale.ROOT)) != null);
  }

  public List<FunctionDefinition> functions() {
    List<FunctionDefinition> all = new ArrayList<>(functions.values());
    all.sort(java.util.Comparator.comparing(FunctionDefinition::name));
    return all;
  }

  public Optional<TableDefinition> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  public Optional<ViewDefinition> view(String name) {
    return Optional.ofNullable(views.get(name));
  }

  public boolean exists(String name) {
    return tables.containsKey(name) || views.containsKey(name);
  }

  public synchronized void createTable(TableDefinition table, boolean replace) {
    checkFree(table.name(), replace, false);
    tables.put(table.name(), table);
    version++;
  }

  public synchronized void createView(ViewDefinition view, boolean replace) {
    checkFree(view.name(), replace, true);
    views.put(view.name(), view);
    version++;
  }

  private void checkFree(String name, boolean replace, boolean isView) {
    if (isView ? tables.containsKey(name) : views.containsKey(name)) {
      throw new ValidationException((isView ? "A table" : "A view") + " named '" + name + "' already exists.");
    }
    if (!replace && (tables.containsKey(name) || views.containsKey(name))) {
      throw new ValidationException((isView ? "View" : "Table") + " '" + name
          + "' already exists. Use IF NOT EXISTS to ignore, or DROP it first.");
    }
  }

  /** Drops a table; returns false if there was none. */
  public synchronized boolean dropTable(String name) {
    return changed(tables.remove(name) != null);
  }

  public synchronized boolean dropView(String name) {
    return changed(views.remove(name) != null);
  }

  private boolean changed(boolean changed) {
    if (changed) {
      version++;
    }
    return changed;
  }

  public List<String> tableNames() {
    List<String> names = new ArrayList<>(tables.keySet());
    names.sort(null);
    return names;
  }

  public List<String> viewNames() {
    List<String> names = new ArrayList<>(views.keySet());
    names.sort(null);
    return names;
  }

  public List<String> allNames() {
    List<String> names = new ArrayList<>(tableNames());
    names.addAll(viewNames());
    names.sort(null);
    return names;
  }
}
