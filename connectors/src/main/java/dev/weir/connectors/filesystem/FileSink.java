package dev.weir.connectors.filesystem;

import dev.weir.catalog.connector.ConnectorException;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.sink.SinkWriter;
import dev.weir.catalog.connector.sink.WriterContext;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes rows as lines of the table's format. Output is written to a hidden in-progress file and
 * renamed into place when the input ends, so readers never see a half-written file.
 */
final class FileSink implements Sink {
  private final TableSpec table;
  private final Path path;
  private final boolean directory;

  FileSink(TableSpec table) {
    this.table = table;
    String p = table.options().get(FileSystemConnectorFactory.PATH);
    this.path = Path.of(p);
    this.directory = p.endsWith("/") || Files.isDirectory(path);
  }

  @Override
  public int maxParallelism() {
    return directory ? Integer.MAX_VALUE : 1;
  }

  @Override
  public SinkWriter createWriter(WriterContext context) throws IOException {
    Encoder encoder = table.format().createEncoder(FormatContext.ofBatch(context.columns(), table.options()));
    Path target;
    if (directory) {
      Files.createDirectories(path);
      String name = "part-" + context.subtask() + "-" + UUID.randomUUID().toString().substring(0, 8) + "."
          + table.format().fileExtension();
      target = path.resolve(name);
    } else {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      target = path;
    }
    return new Writer(target, encoder);
  }

  private static final class Writer implements SinkWriter {
    private final Path target;
    private final Path inProgress;
    private final Encoder encoder;
    private final OutputStream out;
    private boolean finished;

    Writer(Path target, Encoder encoder) throws IOException {
      this.target = target;
      // unique, so that two pipelines writing the same path never share a half-written file
      this.inProgress = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".inprogress");
      this.encoder = encoder;
      try {
        this.out = new BufferedOutputStream(Files.newOutputStream(inProgress), 1 << 16);
        byte[] header = encoder.header();
        if (header != null) {
          out.write(header);
          out.write('\n');
        }
      } catch (IOException e) {
        throw new ConnectorException("Cannot write " + target + ": " + e.getMessage(), false, e);
      }
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      for (int r = 0; r < batch.getRowCount(); r++) {
        encoder.encode(batch, r, out);
        out.write('\n');
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void finish() throws IOException {
      out.close();
      Files.move(inProgress, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      finished = true;
    }

    @Override
    public void close() throws IOException {
      if (!finished) {
        out.close();
        Files.deleteIfExists(inProgress);
      }
    }
  }
}
