package dev.weir.engine.operator.join;

import dev.weir.engine.operator.calc.CalcProgram;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a join operator does.
 *
 * @param left the left input (input 0)
 * @param right the right input (input 1)
 * @param residual the join condition beyond key equality, over a joined row (left's data columns,
 *     then right's), giving one BOOLEAN column; or null when key equality is the whole condition
 * @param joinedSchema a joined row: left's data columns, then right's (what {@code residual} reads)
 * @param changelog whether the output is a changelog (with a trailing row-kind column)
 * @param timeBounded whether rows expire by event time (an interval or window join): then an
 *     unmatched row of a preserved side is emitted, padded, when it expires, and the output is
 *     append-only; otherwise it is emitted at once and retracted when a partner arrives
 * @param windowed whether it is a window join: rows of a window already closed when they arrive are
 *     late and dropped (an interval join still joins them with what it keeps), and state is freed
 *     exactly when the watermark passes a window, so padded rows are not late downstream
 * @param holdBackMillis how far the output watermark trails the input's: rows kept are at most this
 *     far behind the watermark, and joined rows carry their times
 * @param stateTtlMillis a regular join forgets rows this long after they arrived (0: never)
 */
public record JoinSpec(Side left, Side right, Supplier<CalcProgram> residual, Schema joinedSchema, boolean changelog,
    boolean timeBounded, boolean windowed, long holdBackMillis, long stateTtlMillis) {

  /**
   * One input of a join.
   *
   * @param schema its data columns (without the row kind)
   * @param keys the columns of its join key (of the same types, in the same order, as the other side's)
   * @param rowKindColumn its row-kind column when it is a changelog, else -1
   * @param preserved whether its rows appear even without a partner (the outer side of an outer join)
   * @param timeColumn for a time-bounded join, the column whose time a row expires by; else -1
   * @param expiryDelta a row expires (can get no new partner) once the watermark reaches its time plus this
   */
  public record Side(Schema schema, int[] keys, int rowKindColumn, boolean preserved, int timeColumn,
      long expiryDelta) {
    public Side {
      keys = keys.clone();
    }

    int width() {
      return schema.getFields().size();
    }
  }
}
