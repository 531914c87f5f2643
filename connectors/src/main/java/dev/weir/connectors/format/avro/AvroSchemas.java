package dev.weir.connectors.format.avro;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.schema.Column;
import dev.weir.catalog.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Avro schema of a table's columns, as Flink derives it: a record with one field per column,
 * nullable columns as a union with null (default null), DECIMAL as bytes with the decimal logical
 * type, dates, times and timestamps with their logical types.
 */
final class AvroSchemas {
  private AvroSchemas() {}

  static Schema of(List<Column> columns, String recordName) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Column c : columns) {
      if (!c.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new ValidationException("Column '" + c.name() + "' cannot be an Avro field: Avro names are letters,"
            + " digits and '_', not starting with a digit.");
      }
      Schema type = type(c);
      fields.add(c.type().nullable()
          ? new Schema.Field(c.name(), Schema.createUnion(Schema.create(Schema.Type.NULL), type), null,
              JsonProperties.NULL_VALUE)
          : new Schema.Field(c.name(), type));
    }
    return Schema.createRecord(recordName, null, "dev.weir", false, fields);
  }

  private static Schema type(Column c) {
    DataType t = c.type();
    return switch (t.kind()) {
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case TINYINT, SMALLINT, INTEGER -> Schema.create(Schema.Type.INT);
      case BIGINT -> Schema.create(Schema.Type.LONG);
      case FLOAT -> Schema.create(Schema.Type.FLOAT);
      case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
      case DECIMAL -> LogicalTypes.decimal(t.precision(), t.scale()).addToSchema(Schema.create(Schema.Type.BYTES));
      case VARCHAR -> Schema.create(Schema.Type.STRING);
      case VARBINARY -> Schema.create(Schema.Type.BYTES);
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIME -> LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
      case TIMESTAMP, TIMESTAMP_LTZ -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
      case MAP, ROW -> throw new ValidationException("Column '" + c.name() + "' is a " + t.sql()
          + ", which the avro format does not write yet.");
    };
  }

  /** The non-null branch of a nullable union, or the schema itself. */
  static Schema nonNull(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    for (Schema branch : s.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    return s;
  }
}
