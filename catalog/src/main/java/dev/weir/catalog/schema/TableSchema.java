package dev.weir.catalog.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The columns of a table, its watermark and its primary key. Immutable. */
public record TableSchema(List<Column> columns, WatermarkSpec watermark, List<String> primaryKey) {

  public TableSchema {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  public static TableSchema of(List<Column> columns) {
    return new TableSchema(columns, null, List.of());
  }

  /** This schema with the watermark and key of {@code other}. */
  public TableSchema withWatermark(TableSchema other) {
    return new TableSchema(columns, other.watermark(), other.primaryKey());
  }

  public Optional<WatermarkSpec> watermarkSpec() {
    return Optional.ofNullable(watermark);
  }

  /** The columns stored in each record, in declared order: what a format reads and writes. */
  public List<Column> physicalColumns() {
    return columns.stream().filter(Column::isPhysical).toList();
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The Arrow schema of the physical columns. */
  public Schema physicalArrowSchema() {
    return arrowSchema(physicalColumns());
  }

  public static Schema arrowSchema(List<Column> columns) {
    List<Field> fields = new ArrayList<>(columns.size());
    for (Column c : columns) {
      fields.add(c.type().toArrowField(c.name()));
    }
    return new Schema(fields);
  }
}
