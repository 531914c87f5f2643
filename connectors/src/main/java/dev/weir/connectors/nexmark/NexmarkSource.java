package dev.weir.connectors.nexmark;

import dev.weir.catalog.connector.source.BatchAllocator;
import dev.weir.catalog.connector.source.ReaderContext;
import dev.weir.catalog.connector.source.Source;
import dev.weir.catalog.connector.source.SourceReader;
import dev.weir.catalog.connector.source.SourceSplit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Splits the event-number range into blocks dealt round-robin to the readers, so that readers
 * advance through event time together and their watermarks stay close.
 */
final class NexmarkSource implements Source {
  /** Events per block; at the default rate, a tenth of a second of event time. */
  static final long BLOCK = 1000;

  private final NexmarkConfig config;
  private final NexmarkTable table;

  NexmarkSource(NexmarkConfig config, NexmarkTable table) {
    this.config = config;
    this.table = table;
  }

  @Override
  public boolean isBounded() {
    return config.events() > 0;
  }

  /** Reader {@code index} of {@code count} takes blocks index, index + count, ... */
  private record Split(int index, int count) implements SourceSplit {
    @Override
    public String id() {
      return "nexmark-" + index + "-of-" + count;
    }
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    List<SourceSplit> splits = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      splits.add(new Split(i, parallelism));
    }
    return splits;
  }

  @Override
  public SourceReader createReader(List<SourceSplit> splits, ReaderContext context) {
    List<Split> mine = splits.stream().map(s -> (Split) s).toList();
    return new Reader(mine, context);
  }

  private final class Reader implements SourceReader {
    private final List<Split> splits;
    private final ReaderContext context;
    private final NexmarkGenerator generator = new NexmarkGenerator(config);
    private final BatchAllocator batches;
    private long startNanos = System.nanoTime();
    private int split;
    private long block;
    private long next;
    private long idleNanos = 1_000_000L;

    Reader(List<Split> splits, ReaderContext context) {
      this.splits = splits;
      this.context = context;
      this.batches = new BatchAllocator(context);
      if (!splits.isEmpty()) {
        block = splits.get(0).index();
        next = block * BLOCK;
      }
    }

    private boolean exhausted() {
      return split >= splits.size() || (config.events() > 0 && next >= config.events());
    }

    /** Moves to the next event number of this reader's blocks. */
    private void advance() {
      next++;
      if (next % BLOCK == 0) {
        block += splits.get(split).count();
        next = block * BLOCK;
        if (config.events() > 0 && next >= config.events() && ++split < splits.size()) {
          block = splits.get(split).index();
          next = block * BLOCK;
        }
      }
    }

    @Override
    public VectorSchemaRoot poll() {
      if (exhausted()) {
        return null;
      }
      long due = Long.MAX_VALUE;
      if (config.paced()) {
        double elapsedMicros = (System.nanoTime() - startNanos) / 1000.0;
        due = config.schedule().lastEventBy(elapsedMicros);
        if (next > due) {
          idleNanos = Math.max(100_000L, (long) ((config.schedule().offsetMicros(next) - elapsedMicros) * 1000));
          return null;
        }
      }
      VectorSchemaRoot root = batches.allocate(context.batchSize());
      boolean combined = table == NexmarkTable.EVENTS;
      IntVector eventType = null;
      StructVector[] shapes = null;
      if (combined) {
        generator.bindRows(root);
        eventType = (IntVector) root.getVector(NexmarkTable.EVENT_TYPE);
        shapes = new StructVector[NexmarkTable.SHAPES.size()];
        for (int t = 0; t < shapes.length; t++) {
          shapes[t] = (StructVector) root.getVector(NexmarkTable.SHAPES.get(t).sqlName());
        }
      } else {
        generator.bind(root, table);
      }
      int row = 0;
      while (row < context.batchSize() && !exhausted() && next <= due) {
        long eventId = config.firstEventId() + next;
        NexmarkTable kind = config.kindOf(eventId);
        if (combined || kind == table) {
          if (combined) {
            // the row's one ROW column; the others stay NULL (a new batch's validity is all unset).
            // A shape's event_type is its ordinal: PERSON 0, AUCTION 1, BID 2
            int type = kind.ordinal();
            if (eventType != null) {
              eventType.setSafe(row, type);
            }
            if (shapes[type] != null) {
              shapes[type].setIndexDefined(row);
            }
          }
          switch (kind) {
            case PERSON -> generator.writePerson(next, eventId, row);
            case AUCTION -> generator.writeAuction(next, eventId, row);
            case BID -> generator.writeBid(next, eventId, row);
            case EVENTS -> throw new IllegalStateException("an event has one shape");
          }
          row++;
        }
        advance();
      }
      generator.finish(row);
      root.setRowCount(row);
      if (row == 0) {
        root.close();
        idleNanos = 100_000L;
        return null;
      }
      batches.learn(root);
      return root;
    }

    @Override
    public boolean isFinished() {
      return exhausted();
    }

    /** The next event number and where it is among this reader's blocks; events depend only on their number. */
    @Override
    public byte[] position(long checkpointId) {
      return java.nio.ByteBuffer.allocate(20).putInt(split).putLong(block).putLong(next).array();
    }

    @Override
    public void restore(byte[] position) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(position);
      split = b.getInt();
      block = b.getLong();
      next = b.getLong();
      if (config.paced()) { // go on at the rate, as if it had been running all along
        startNanos = System.nanoTime() - (long) (config.schedule().offsetMicros(next) * 1000);
      }
    }

    @Override
    public long idleNanos() {
      return idleNanos;
    }

    @Override
    public void close() {}
  }
}
