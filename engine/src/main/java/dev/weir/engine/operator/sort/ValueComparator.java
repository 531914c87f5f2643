package dev.weir.engine.operator.sort;

import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/** Compares non-null values of two vectors of the same type, reading them unboxed where the type allows (ORDER BY, top-N). */
public interface ValueComparator {
  int compare(FieldVector a, int i, FieldVector b, int j);

  static ValueComparator forVector(FieldVector v) {
    if (v instanceof BigIntVector) {
      return (a, i, b, j) -> Long.compare(((BigIntVector) a).get(i), ((BigIntVector) b).get(j));
    } else if (v instanceof IntVector) {
      return (a, i, b, j) -> Integer.compare(((IntVector) a).get(i), ((IntVector) b).get(j));
    } else if (v instanceof SmallIntVector) {
      return (a, i, b, j) -> Short.compare(((SmallIntVector) a).get(i), ((SmallIntVector) b).get(j));
    } else if (v instanceof TinyIntVector) {
      return (a, i, b, j) -> Byte.compare(((TinyIntVector) a).get(i), ((TinyIntVector) b).get(j));
    } else if (v instanceof Float8Vector) {
      return (a, i, b, j) -> Double.compare(((Float8Vector) a).get(i), ((Float8Vector) b).get(j));
    } else if (v instanceof Float4Vector) {
      return (a, i, b, j) -> Float.compare(((Float4Vector) a).get(i), ((Float4Vector) b).get(j));
    } else if (v instanceof BitVector) {
      return (a, i, b, j) -> Integer.compare(((BitVector) a).get(i), ((BitVector) b).get(j));
    } else if (v instanceof DateDayVector) {
      return (a, i, b, j) -> Integer.compare(((DateDayVector) a).get(i), ((DateDayVector) b).get(j));
    } else if (v instanceof TimeMilliVector) {
      return (a, i, b, j) -> Integer.compare(((TimeMilliVector) a).get(i), ((TimeMilliVector) b).get(j));
    } else if (v instanceof TimeStampVector) {
      return (a, i, b, j) -> Long.compare(((TimeStampVector) a).get(i), ((TimeStampVector) b).get(j));
    } else if (v instanceof DecimalVector) {
      return (a, i, b, j) -> {
        BigDecimal x = ((DecimalVector) a).getObject(i);
        return x.compareTo(((DecimalVector) b).getObject(j));
      };
    } else if (v instanceof VarCharVector) {
      // UTF-8 byte order is code point order
      return (a, i, b, j) -> Arrays.compareUnsigned(((VarCharVector) a).get(i), ((VarCharVector) b).get(j));
    } else if (v instanceof VarBinaryVector) {
      return (a, i, b, j) -> Arrays.compareUnsigned(((VarBinaryVector) a).get(i), ((VarBinaryVector) b).get(j));
    }
    throw new IllegalArgumentException("cannot order by a column of type " + v.getField().getType());
  }
}
