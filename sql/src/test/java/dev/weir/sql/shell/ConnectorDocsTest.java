package dev.weir.sql.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.catalog.connector.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/connectors.md is generated from the declarations; this fails when someone forgets to regenerate it. */
class ConnectorDocsTest {
  @Test
  void connectorReferenceIsUpToDate() throws Exception {
    Path doc = Path.of("../docs/connectors.md");
    String expected = ConnectorDocs.markdown(ConnectorRegistry.load());
    if (Boolean.getBoolean("docs.rewrite")) {
      Files.writeString(doc, expected);
    }
    assertEquals(expected, Files.readString(doc),
        "docs/connectors.md is out of date: run 'bin/weir docs > docs/connectors.md' (or mvn test -Ddocs.rewrite=true)");
  }
}
