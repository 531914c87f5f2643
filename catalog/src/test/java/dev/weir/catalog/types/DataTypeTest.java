package dev.weir.catalog.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weir.catalog.ValidationException;
import dev.weir.catalog.types.DataType.Kind;
import dev.weir.catalog.types.DataType.RowField;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** ROW types: their Arrow layout (both ways), their SQL spelling, and how their values read. */
class DataTypeTest {
  private static final DataType PERSON = DataType.row(List.of(
      new RowField("id", DataType.bigint().notNull()),
      new RowField("dateTime", DataType.timestamp()),
      new RowField("address", DataType.row(List.of(new RowField("zip", DataType.varchar()))))));

  @Test
  void aRowIsAStructWithAChildPerFieldAndReadsBackAsTheSameType() {
    Field field = PERSON.toArrowField("person");
    assertEquals(List.of("id", "dateTime", "address"), field.getChildren().stream().map(Field::getName).toList());
    assertEquals(PERSON, DataType.fromArrow(field));
    assertEquals(PERSON.notNull(), DataType.fromArrow(PERSON.notNull().toArrowField("person")));
  }

  @Test
  void aRowIsSpelledAsFlinkSpellsIt() {
    assertEquals("ROW<id BIGINT NOT NULL, `dateTime` TIMESTAMP(3), address ROW<zip VARCHAR>>", PERSON.sql());
    assertEquals(Kind.ROW, PERSON.kind());
    assertEquals(2, PERSON.fieldIndex("address"));
    assertEquals(-1, PERSON.fieldIndex("Address"));
  }

  @Test
  void fieldNamesAreUnique() {
    assertEquals("ROW field 'a' is declared twice.", assertThrows(ValidationException.class, () -> DataType.row(
        List.of(new RowField("a", DataType.bigint()), new RowField("a", DataType.varchar())))).getMessage());
  }

  @Test
  void aRowValueReadsAsItsFieldsAndShowsInParentheses() {
    DataType type = DataType.row(List.of(new RowField("id", DataType.bigint()), new RowField("name", DataType.varchar())));
    try (BufferAllocator allocator = new RootAllocator();
        StructVector v = (StructVector) type.toArrowField("r").createVector(allocator)) {
      v.allocateNew();
      BigIntVector id = (BigIntVector) v.getChild("id");
      VarCharVector name = (VarCharVector) v.getChild("name");
      v.setIndexDefined(0);
      id.setSafe(0, 1000);
      name.setSafe(0, "Peter Jones".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      v.setIndexDefined(1);
      id.setSafe(1, 1001);
      v.setNull(2);
      v.setValueCount(3);
      assertEquals("(1000, Peter Jones)", Values.text(v, 0));
      assertEquals("(1001, NULL)", Values.text(v, 1));
      assertEquals(null, Values.text(v, 2));
      assertEquals(List.of(1000L, "Peter Jones"), Values.get(v, 0));
      assertEquals(java.util.Arrays.asList(1001L, null), Values.get(v, 1));
    }
  }
}
