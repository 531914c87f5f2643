package dev.weir.sql.schema;

import dev.weir.catalog.TableDefinition;
import dev.weir.catalog.schema.Column;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/** A catalog table as Calcite sees it: its columns' row type. Scans of it become sources. */
public final class WeirTable extends AbstractTable {
  private final TableDefinition definition;

  public WeirTable(TableDefinition definition) {
    this.definition = definition;
  }

  public TableDefinition definition() {
    return definition;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (Column c : definition.schema().columns()) {
      b.add(c.name(), TypeMapping.toRel(c.type(), f));
    }
    return b.build();
  }
}
