package dev.weir.connectors.filesystem;

import dev.weir.catalog.connector.ConnectorException;
import dev.weir.catalog.connector.TableSpec;
import dev.weir.catalog.connector.sink.Sink;
import dev.weir.catalog.connector.sink.SinkWriter;
import dev.weir.catalog.connector.sink.WriterContext;
import dev.weir.catalog.format.Encoder;
import dev.weir.catalog.format.FormatContext;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes rows as lines of the table's format, into hidden in-progress files that are renamed into
 * place (atomically) only when committed, so readers never see a half-written or uncommitted file.
 *
 * <ul>
 *   <li><b>A directory</b> gets part files {@code part-<subtask>-<id>-<n>.<ext>}. A part is closed
 *       when it reaches {@code sink.rolling-policy.file-size} or has been open for {@code
 *       sink.rolling-policy.rollover-interval}, and at every checkpoint; closed parts become visible
 *       when their checkpoint completes (without checkpoints: at the end). A restore renames what
 *       the checkpoint had closed, if the crash came before that, and deletes this writer's
 *       in-progress parts written after it: exactly once.
 *   <li><b>A single file</b> is one in-progress file, visible at the end. A checkpoint forces it to
 *       disk and records its length; a restore cuts it back to that length and appends from there.
 * </ul>
 */
final class FileSink implements Sink {
  private final TableSpec table;
  private final Path path;
  private final boolean directory;
  private final long rollBytes;
  private final long rollMillis;

  FileSink(TableSpec table) {
    this.table = table;
    String p = table.options().get(FileSystemConnectorFactory.PATH);
    this.path = Path.of(p);
    this.directory = p.endsWith("/") || Files.isDirectory(path);
    this.rollBytes = table.options().get(FileSystemConnectorFactory.ROLLING_FILE_SIZE);
    this.rollMillis = table.options().get(FileSystemConnectorFactory.ROLLING_INTERVAL).toMillis();
  }

  @Override
  public int maxParallelism() {
    return directory ? Integer.MAX_VALUE : 1;
  }

  @Override
  public SinkWriter createWriter(WriterContext context) throws IOException {
    Encoder encoder = table.format().createEncoder(FormatContext.ofBatch(context.columns(), table.options()));
    try {
      if (directory) {
        Files.createDirectories(path);
      } else if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
    } catch (IOException e) {
      throw new ConnectorException("Cannot write " + path + ": " + e.getMessage(), false, e);
    }
    String id = UUID.randomUUID().toString().substring(0, 8);
    return new Writer(encoder, directory ? "part-" + context.subtask() + "-" + id : null);
  }

  /** A file being written: hidden until it is renamed to its target. */
  private final class Part {
    final Path inProgress;
    final Path target;
    final FileChannel channel;
    final OutputStream out;
    final long openedMillis = System.currentTimeMillis();

    Part(Path inProgress, Path target, boolean append) throws IOException {
      this.inProgress = inProgress;
      this.target = target;
      this.channel = FileChannel.open(inProgress, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (append) {
        channel.position(channel.size());
      } else {
        channel.truncate(0);
      }
      this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    /** Everything written, on disk. */
    long force() throws IOException {
      out.flush();
      channel.force(false);
      return channel.position();
    }

    void close() throws IOException {
      force();
      out.close();
    }
  }

  /** A closed part waiting for its checkpoint (-1: the next one) to complete. */
  private record Pending(long checkpoint, Path inProgress, Path target) {}

  private final class Writer implements SinkWriter {
    private final Encoder encoder;
    /** Directory: the part files' common name; null for a single file. */
    private String prefix;
    private int nextPart;
    private Part current;
    private final List<Pending> pending = new ArrayList<>();
    private boolean finished;
    private boolean checkpointed;

    Writer(Encoder encoder, String prefix) {
      this.encoder = encoder;
      this.prefix = prefix;
    }

    private Part open() throws IOException {
      if (current == null) {
        try {
          Path target = prefix == null ? path
              : path.resolve(prefix + "-" + nextPart++ + "." + table.format().fileExtension());
          // unique, so that two pipelines writing the same path never share a half-written file
          String hidden = "." + target.getFileName() + (prefix == null ? "." + UUID.randomUUID() : "") + ".inprogress";
          current = new Part(target.resolveSibling(hidden), target, false);
          byte[] header = encoder.header();
          if (header != null) {
            current.out.write(header);
            current.out.write('\n');
          }
        } catch (IOException e) {
          throw new ConnectorException("Cannot write " + path + ": " + e.getMessage(), false, e);
        }
      }
      return current;
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      OutputStream out = open().out;
      for (int r = 0; r < batch.getRowCount(); r++) {
        encoder.encode(batch, r, out);
        out.write('\n');
      }
      if (prefix != null && (current.channel.position() >= rollBytes
          || System.currentTimeMillis() - current.openedMillis >= rollMillis)) {
        roll();
      }
    }

    /** Closes the current part; it waits for the next checkpoint (or the end) to become visible. */
    private void roll() throws IOException {
      if (current != null) {
        current.close();
        pending.add(new Pending(-1, current.inProgress, current.target));
        current = null;
      }
    }

    @Override
    public void flush() throws IOException {
      if (current != null) {
        current.out.flush();
      }
    }

    @Override
    public byte[] precommit(long checkpointId) throws IOException {
      checkpointed = true;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      if (prefix == null) {
        Part part = open();
        out.writeUTF(part.inProgress.toString());
        out.writeLong(part.force());
        return bytes.toByteArray();
      }
      roll();
      pending.replaceAll(p -> p.checkpoint() < 0 ? new Pending(checkpointId, p.inProgress(), p.target()) : p);
      out.writeUTF(prefix);
      out.writeInt(nextPart);
      out.writeInt(pending.size());
      for (Pending p : pending) {
        out.writeUTF(p.inProgress().toString());
        out.writeUTF(p.target().toString());
      }
      return bytes.toByteArray();
    }

    @Override
    public void commit(long checkpointId) throws IOException {
      for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.checkpoint() >= 0 && p.checkpoint() <= checkpointId) {
          publish(p.inProgress(), p.target());
          it.remove();
        }
      }
    }

    private void publish(Path inProgress, Path target) throws IOException {
      if (Files.exists(inProgress)) {
        Files.move(inProgress, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
          dir.force(true); // the rename itself survives a power loss
        } catch (IOException e) {
          // a file system that cannot open directories: the rename is still atomic
        }
      } // else it was published before the crash
    }

    @Override
    public void recover(byte[] precommitted) throws IOException {
      checkpointed = true;
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(precommitted));
      if (prefix == null) {
        Path inProgress = Path.of(in.readUTF());
        long length = in.readLong();
        if (Files.exists(inProgress)) {
          current = new Part(inProgress, path, true);
          current.channel.truncate(length); // what was written after the checkpoint is written again
          current.channel.position(length);
        } else {
          finished = true; // renamed into place before the crash: the end was committed
        }
        return;
      }
      prefix = in.readUTF();
      nextPart = in.readInt();
      for (int i = 0, n = in.readInt(); i < n; i++) {
        publish(Path.of(in.readUTF()), Path.of(in.readUTF()));
      }
      // parts this writer began after the checkpoint: their rows will be written again
      String stale = "." + prefix + "-";
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.startsWith(stale) && name.endsWith(".inprogress")) {
            Files.deleteIfExists(f);
          }
        }
      }
    }

    /** Everything written becomes visible (with checkpoints, all of it was committed already). */
    @Override
    public void finish() throws IOException {
      if (finished) {
        return;
      }
      if (prefix == null) {
        Part part = open(); // an empty result is still a file
        part.close();
        current = null;
        publish(part.inProgress, part.target);
      } else {
        roll();
        for (Pending p : pending) {
          publish(p.inProgress(), p.target());
        }
        pending.clear();
      }
      finished = true;
    }

    /**
     * Without checkpoints, a writer that did not finish leaves nothing behind; with them, its
     * in-progress files stay for a restore to resume or delete.
     */
    @Override
    public void close() throws IOException {
      if (current != null) {
        current.out.close();
      }
      if (!finished && !checkpointed) {
        if (current != null) {
          Files.deleteIfExists(current.inProgress);
        }
        for (Pending p : pending) {
          Files.deleteIfExists(p.inProgress());
        }
      }
    }
  }
}
