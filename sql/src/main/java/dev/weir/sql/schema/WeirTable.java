package dev.weir.sql.schema;

import dev.weir.catalog.TableDefinition;
import dev.weir.catalog.schema.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A catalog table as Calcite sees it: its columns' row type. Scans of it become sources.
 *
 * <p>Read, a table has its declared columns and then the connector's implicit metadata columns
 * (Kafka's {@code _offset}, ...), which queries name but {@code SELECT *} leaves out. Written, it
 * has the columns a sink fills: physical columns and non-virtual metadata columns.
 */
public final class WeirTable extends AbstractTable implements ImplicitColumns, TemporalTable {
  private final TableDefinition definition;
  private final List<Column> columns;
  private final List<String> implicitColumns;
  private final Supplier<RexNode> eventTime;

  private WeirTable(TableDefinition definition, List<Column> columns, List<String> implicitColumns,
      Supplier<RexNode> eventTime) {
    this.definition = definition;
    this.columns = List.copyOf(columns);
    this.implicitColumns = List.copyOf(implicitColumns);
    this.eventTime = eventTime;
  }

  /**
   * This table, read as the stored part of a table whose {@code WATERMARK FOR} names a computed
   * column: {@code eventTime} gives that column's expression over this table's row.
   */
  public WeirTable withEventTime(Supplier<RexNode> eventTime) {
    return new WeirTable(definition, columns, implicitColumns, eventTime);
  }

  /** The expression of the event time over this table's row when it is computed, else null. */
  public RexNode eventTime() {
    return eventTime == null ? null : eventTime.get();
  }

  /**
   * Any table may be joined {@code FOR SYSTEM_TIME AS OF} (Flink's lookup join): the join meets
   * each row with the table's rows as they are then. There are no system-time columns to name.
   */
  @Override
  public String getSysStartFieldName() {
    return "";
  }

  @Override
  public String getSysEndFieldName() {
    return "";
  }

  /** The table as queries read it: declared columns, then the implicit ones. */
  public static WeirTable forReading(TableDefinition definition, List<Column> implicit) {
    List<Column> all = new ArrayList<>(definition.schema().columns());
    all.addAll(implicit);
    return new WeirTable(definition, all, implicit.stream().map(Column::name).toList(), null);
  }

  /** The table as INSERT writes it: the columns its records carry. */
  public static WeirTable forWriting(TableDefinition definition) {
    return new WeirTable(definition, writableColumns(definition), List.of(), null);
  }

  /** Physical columns and metadata columns that are not VIRTUAL, in declared order. */
  public static List<Column> writableColumns(TableDefinition definition) {
    return definition.schema().columns().stream()
        .filter(c -> c.isPhysical() || c.kind() == Column.Kind.METADATA && !c.virtual()).toList();
  }

  public TableDefinition definition() {
    return definition;
  }

  /** The columns of this table's rows, in order. */
  public List<Column> columns() {
    return columns;
  }

  @Override
  public List<String> implicitColumns() {
    return implicitColumns;
  }

  /** The declared PRIMARY KEY as Calcite's unique key, so that the planner can tell what keys a result has. */
  @Override
  public Statistic getStatistic() {
    List<String> key = definition.schema().primaryKey();
    List<String> names = columns.stream().map(Column::name).toList();
    if (key.isEmpty() || !names.containsAll(key)) {
      return Statistics.UNKNOWN;
    }
    return Statistics.of(100d, List.of(ImmutableBitSet.of(key.stream().mapToInt(names::indexOf).toArray())));
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (Column c : columns) {
      b.add(c.name(), TypeMapping.toRel(c.type(), f));
    }
    return b.build();
  }
}
