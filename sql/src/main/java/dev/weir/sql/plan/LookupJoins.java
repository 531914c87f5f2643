package dev.weir.sql.plan;

import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * {@code JOIN t FOR SYSTEM_TIME AS OF s.proc_time ON cond} (Flink's lookup join), which Calcite
 * plans as a correlate over a snapshot of {@code t}, becomes a plain join on {@code cond}: the
 * stream's rows meet the table's rows as they are read. The join then learns when the table's
 * input has ended, and from then keeps none of the stream's rows (see the join operator), so a
 * bounded table joined with a stream costs no more state than the table.
 */
final class LookupJoins {
  private LookupJoins() {}

  static RelNode rewrite(RelNode plan, RexBuilder rexBuilder) {
    return plan.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(LogicalCorrelate correlate) {
        RelNode left = correlate.getLeft().accept(this);
        RelNode right = correlate.getRight();
        RexNode condition = rexBuilder.makeLiteral(true);
        if (right instanceof Filter filter && filter.getInput() instanceof Snapshot) {
          condition = filter.getCondition();
          right = filter.getInput();
        }
        if (!(right instanceof Snapshot snapshot)) {
          return super.visit(correlate);
        }
        int leftWidth = left.getRowType().getFieldCount();
        CorrelationId id = correlate.getCorrelationId();
        RexNode on = condition.accept(new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(leftWidth + ref.getIndex(), ref.getType());
          }

          @Override
          public RexNode visitFieldAccess(RexFieldAccess access) {
            if (access.getReferenceExpr() instanceof RexCorrelVariable v && v.id.equals(id)) {
              return new RexInputRef(access.getField().getIndex(), access.getType());
            }
            return super.visitFieldAccess(access);
          }
        });
        return LogicalJoin.create(left, snapshot.getInput().accept(this), List.of(), on, Set.of(),
            correlate.getJoinType());
      }
    });
  }
}
