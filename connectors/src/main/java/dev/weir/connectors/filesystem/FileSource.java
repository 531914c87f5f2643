package dev.weir.connectors.filesystem;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.connector.ConnectorException;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.source.BatchAllocator;
import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import dev.weir.catalog.format.BadRecords;
import dev.weir.catalog.format.ChangelogDecoder;
import dev.weir.catalog.format.Decoder;
import dev.weir.catalog.format.FormatContext;
import dev.weir.catalog.format.RecordDecodeException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads files line by line: each file is a split; each line a record for the table's format. */
final class FileSource implements Source {
  private final TableSpec table;
  private final Path path;

  FileSource(TableSpec table) {
    this.table = table;
    this.path = Path.of(table.options().get(FileSystemConnectorFactory.PATH));
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  private record FileSplit(Path file) implements SourceSplit {
    @Override
    public String id() {
      return file.toString();
    }
  }

  @Override
  public List<SourceSplit> splits(int parallelism) throws IOException {
    if (!Files.exists(path)) {
      throw new ValidationException("No such file or directory: " + path + " (option 'path' of " + table.describe() + ")");
    }
    List<SourceSplit> splits = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        files.filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("_"))
            .sorted()
            .forEach(f -> splits.add(new FileSplit(f)));
      }
    } else {
      splits.add(new FileSplit(path));
    }
    return splits;
  }

  @Override
  public SourceReader createReader(List<SourceSplit> splits, ReaderContext context) {
    Decoder decoder = table.format().createDecoder(FormatContext.ofBatch(context.columns(), table.options()));
    return new Reader(splits, context, decoder, BadRecords.policy(table.options()));
  }

  private final class Reader implements SourceReader {
    private List<SourceSplit> splits;
    /** After a restore: the files read to their end before it (no longer in {@link #splits}). */
    private final java.util.Set<String> readBefore = new java.util.HashSet<>();
    private final ReaderContext context;
    private final BatchAllocator batches;
    private final Decoder decoder;
    private final BadRecords.Policy policy;
    private int nextSplit;
    private Path currentFile;
    private InputStream in;
    private LineReader lines;
    private boolean finished;

    Reader(List<SourceSplit> splits, ReaderContext context, Decoder decoder, BadRecords.Policy policy) {
      this.splits = splits;
      this.context = context;
      this.batches = new BatchAllocator(context);
      this.decoder = decoder;
      this.policy = policy;
    }

    @Override
    public VectorSchemaRoot poll() throws IOException {
      if (finished) {
        return null;
      }
      VectorSchemaRoot root = batches.allocate(context.batchSize());
      try {
        int row = 0;
        while (row < context.batchSize()) {
          if (lines == null && !openNext()) {
            finished = true;
            break;
          }
          if (!lines.next()) {
            closeCurrent();
            continue;
          }
          if (isBlank(lines.buffer(), lines.start(), lines.length())) {
            continue;
          }
          row += decodeLine(root, row);
        }
        root.setRowCount(row);
        if (row == 0) {
          root.close();
          return null;
        }
        batches.learn(root);
        return root;
      } catch (RuntimeException | IOException e) {
        root.close();
        throw e;
      }
    }

    private static boolean isBlank(byte[] buffer, int start, int length) {
      for (int i = start; i < start + length; i++) {
        if (buffer[i] != ' ' && buffer[i] != '\t') {
          return false;
        }
      }
      return true;
    }

    /** Decodes the current line into rows from {@code row} on; returns how many (a change event may give two). */
    private int decodeLine(VectorSchemaRoot root, int row) {
      try {
        if (lines.lineNumber() == 1 && decoder.expectsHeader()) {
          decoder.readHeader(lines.buffer(), lines.start(), lines.length());
          return 0;
        }
        if (decoder instanceof ChangelogDecoder changes) {
          return changes.decodeChanges(lines.buffer(), lines.start(), lines.length(), root, row);
        }
        return decoder.decode(lines.buffer(), lines.start(), lines.length(), root, row) ? 1 : 0;
      } catch (RecordDecodeException e) {
        if (policy == BadRecords.Policy.SKIP) {
          context.metrics().increment(BadRecords.SKIPPED_COUNTER, 1);
          return 0;
        }
        throw new ConnectorException("Malformed record in " + currentFile + " at line " + lines.lineNumber()
            + ": " + e.getMessage() + " (set 'bad-records' = 'skip' to skip such records)", false, e);
      }
    }

    private boolean openNext() throws IOException {
      if (nextSplit >= splits.size()) {
        return false;
      }
      currentFile = ((FileSplit) splits.get(nextSplit++)).file();
      try {
        in = new BufferedInputStream(Files.newInputStream(currentFile), 1 << 16);
      } catch (IOException e) {
        throw new ConnectorException("Cannot read " + currentFile + ": " + e.getMessage(), false, e);
      }
      lines = new LineReader(in);
      return true;
    }

    private void closeCurrent() throws IOException {
      if (in != null) {
        in.close();
      }
      in = null;
      lines = null;
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    /**
     * The file being read (by path, so that files added to the directory since do not shift the
     * others) and the lines of it already read; files before it in this reader's list are done.
     */
    @Override
    public byte[] position(long checkpointId) {
      int at = lines == null ? nextSplit : nextSplit - 1;
      String file = at < splits.size() ? ((FileSplit) splits.get(at)).file().toString() : "";
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
        out.writeBoolean(finished);
        out.writeUTF(file);
        out.writeLong(lines == null ? 0 : lines.lineNumber());
        java.util.Set<String> done = new java.util.TreeSet<>(readBefore);
        for (int i = 0; i < at; i++) {
          done.add(((FileSplit) splits.get(i)).file().toString());
        }
        out.writeInt(done.size());
        for (String f : done) {
          out.writeUTF(f);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    /**
     * Skips the files already read, opens the one being read and skips its lines read (a header
     * is read again, as it describes the rest); files new since are read after.
     */
    @Override
    public void restore(byte[] position) throws IOException {
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(position));
      finished = in.readBoolean();
      String current = in.readUTF();
      long read = in.readLong();
      java.util.Set<String> done = new java.util.HashSet<>();
      for (int i = 0, n = in.readInt(); i < n; i++) {
        done.add(in.readUTF());
      }
      readBefore.addAll(done);
      if (finished) {
        return;
      }
      List<SourceSplit> order = new ArrayList<>();
      SourceSplit resumed = null;
      for (SourceSplit split : splits) {
        String file = ((FileSplit) split).file().toString();
        if (file.equals(current)) {
          resumed = split;
        } else if (!done.contains(file)) {
          order.add(split);
        }
      }
      if (resumed != null) {
        order.add(0, resumed);
      }
      splits = order;
      nextSplit = 0;
      if (resumed == null || read == 0 || !openNext()) {
        return;
      }
      while (lines.lineNumber() < read) {
        if (!lines.next()) {
          closeCurrent();
          return;
        }
        if (lines.lineNumber() == 1 && decoder.expectsHeader()) {
          decodeLine(null, 0); // reads the header, no row
        }
      }
    }

    @Override
    public void close() throws IOException {
      closeCurrent();
    }
  }
}
