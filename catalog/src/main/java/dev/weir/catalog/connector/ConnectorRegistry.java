package dev.weir.catalog.connector;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.format.FormatFactory;
import dev.weir.catalog.options.DidYouMean;
import java.util.Collection;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The connectors and formats found on the class path through {@link ServiceLoader}. */
public final class ConnectorRegistry {
  private final Map<String, ConnectorFactory> connectors = new TreeMap<>();
  private final Map<String, FormatFactory> formats = new TreeMap<>();

  private ConnectorRegistry() {}

  public static ConnectorRegistry load(ClassLoader loader) {
    ConnectorRegistry registry = new ConnectorRegistry();
    for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class, loader)) {
      registry.connectors.put(f.name(), f);
    }
    for (FormatFactory f : ServiceLoader.load(FormatFactory.class, loader)) {
      registry.formats.put(f.name(), f);
    }
    return registry;
  }

  public static ConnectorRegistry load() {
    return load(ConnectorRegistry.class.getClassLoader());
  }

  public Collection<ConnectorFactory> connectors() {
    return connectors.values();
  }

  public Collection<FormatFactory> formats() {
    return formats.values();
  }

  public ConnectorFactory connector(String name) {
    ConnectorFactory f = connectors.get(name);
    if (f == null) {
      throw new ValidationException("Unknown connector '" + name + "'." + DidYouMean.hint(name, connectors.keySet())
          + " Available connectors: " + String.join(", ", connectors.keySet()) + ".");
    }
    return f;
  }

  public FormatFactory format(String name) {
    FormatFactory f = formats.get(name);
    if (f == null) {
      throw new ValidationException("Unknown format '" + name + "'." + DidYouMean.hint(name, formats.keySet())
          + " Available formats: " + String.join(", ", formats.keySet()) + ".");
    }
    return f;
  }
}
