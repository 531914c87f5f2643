package dev.weir.sql.plan;

import dev.weir.catalog.ValidationException;
import dev.weir.sql.schema.ImplicitColumns;
import dev.weir.sql.schema.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlMoniker;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * Calcite's validator, with three differences: {@code *} and {@code t.*} leave out a table's
 * implicit metadata columns (Kafka's {@code _offset}, ...), as if the star said {@code EXCLUDE}
 * them (they stay queryable by name); MAP values assign to MAP columns regardless of the
 * nullability of their keys and values; and Flink's {@code SESSION(TABLE t PARTITION BY k, ...)}
 * is read as Calcite's {@code SESSION(TABLE t, ..., DESCRIPTOR(k), ...)}, and group windows
 * {@code GROUP BY HOP(...)} and {@code SESSION(...)} as window table functions ({@link GroupWindows}).
 */
final class WeirValidator extends SqlValidatorImpl {
  WeirValidator(SqlOperatorTable operators, SqlValidatorCatalogReader catalogReader, RelDataTypeFactory typeFactory,
      Config config) {
    super(operators, catalogReader, typeFactory, config);
  }

  /**
   * Flink's {@code SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)} becomes Calcite's {@code
   * SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k), gap)}: the same sessions, keyed the same way.
   */
  @Override
  protected SqlNode performUnconditionalRewrites(SqlNode node, boolean underFrom) {
    if (node instanceof SqlSelect select) {
      GroupWindows.rewrite(select);
    }
    if (node instanceof SqlBasicCall call && call.getOperator().getName().equalsIgnoreCase("SESSION")
        && call.operandCount() == 3 && call.operand(0).getKind() == SqlKind.SET_SEMANTICS_TABLE) {
      SqlCall table = call.operand(0);
      SqlNodeList partition = table.operand(1);
      SqlNode keys = SqlStdOperatorTable.DESCRIPTOR.createCall(partition.getParserPosition(), partition.getList());
      node = call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(), table.operand(0),
          call.operand(1), keys, call.operand(2));
    }
    return super.performUnconditionalRewrites(node, underFrom);
  }

  @Override
  protected RelDataType validateSelectList(SqlNodeList selectItems, SqlSelect select, RelDataType targetRowType) {
    SqlNodeList items = selectItems;
    for (int i = 0; i < selectItems.size(); i++) {
      if (selectItems.get(i) instanceof SqlIdentifier id && id.isStar()) {
        SqlNodeList excluded = implicitColumns(select, id);
        if (!excluded.isEmpty()) {
          if (items == selectItems) {
            items = SqlNodeList.of(selectItems.getParserPosition(), new ArrayList<>(selectItems.getList()));
          }
          items.set(i, new SqlStarExclude(id.getParserPosition(), id, excluded));
        }
      }
    }
    if (items != selectItems) {
      select.setSelectList(items);
    }
    return super.validateSelectList(items, select, targetRowType);
  }

  /**
   * Calcite compares MAP types by identity, nullability of keys and values included; a map
   * assigns to a map column when their key and value types agree but for nullability (the
   * vectors are the same), as in Flink.
   */
  @Override
  protected void checkTypeAssignment(SqlValidatorScope sourceScope, SqlValidatorTable table, RelDataType sourceRowType,
      RelDataType targetRowType, SqlNode query) {
    List<RelDataTypeField> source = sourceRowType.getFieldList();
    List<RelDataTypeField> target = targetRowType.getFieldList();
    RelDataTypeFactory.Builder adjusted = getTypeFactory().builder();
    for (int i = 0; i < source.size(); i++) {
      RelDataType from = source.get(i).getType();
      RelDataType to = i < target.size() ? target.get(i).getType() : null;
      boolean sameMap = to != null && from.getSqlTypeName() == SqlTypeName.MAP && to.getSqlTypeName() == SqlTypeName.MAP
          && sameStorage(from.getKeyType(), to.getKeyType()) && sameStorage(from.getValueType(), to.getValueType());
      boolean sameRow = to != null && sameRowStorage(from, to);
      if (to != null && from.isStruct() && to.isStruct() && !sameRow) {
        throw new ValidationException("Type mismatch in INSERT INTO " + String.join(".", table.getQualifiedName())
            + ": column '" + target.get(i).getName() + "' is " + TypeMapping.fromRel(to).withNullable(true).sql()
            + ", but the query gives " + TypeMapping.fromRel(from).withNullable(true).sql() + " (query column " + (i + 1)
            + "). A row goes into a ROW column field by field, by position, each field of the same type.");
      }
      adjusted.add(source.get(i).getName(), sameMap || sameRow ? to : from);
    }
    super.checkTypeAssignment(sourceScope, table, adjusted.build(), targetRowType, query);
  }

  /**
   * Whether two ROW types are stored alike field by field, whatever the fields' names: a row assigns
   * to a ROW column by position, as in Flink ({@code ROW(a, b)} has fields {@code EXPR$0, EXPR$1}).
   */
  private boolean sameRowStorage(RelDataType from, RelDataType to) {
    if (!from.isStruct() || !to.isStruct() || from.getFieldCount() != to.getFieldCount()) {
      return false;
    }
    for (int i = 0; i < from.getFieldCount(); i++) {
      RelDataType f = from.getFieldList().get(i).getType();
      RelDataType t = to.getFieldList().get(i).getType();
      if (!(f.isStruct() ? sameRowStorage(f, t) : sameStorage(f, t))) {
        return false;
      }
    }
    return true;
  }

  /** Whether two types are stored alike: equal but for nullability, or both text (CHAR(n) and STRING). */
  private boolean sameStorage(RelDataType a, RelDataType b) {
    return SqlTypeUtil.equalSansNullability(getTypeFactory(), a, b)
        || SqlTypeUtil.inCharFamily(a) && SqlTypeUtil.inCharFamily(b);
  }

  /** {@code alias.column} for each implicit column of the tables that the star covers. */
  private SqlNodeList implicitColumns(SqlSelect select, SqlIdentifier star) {
    SqlNodeList excluded = new SqlNodeList(star.getParserPosition());
    SelectScope scope = getRawSelectScope(select);
    if (scope == null) {
      return excluded;
    }
    List<SqlValidatorNamespace> children = scope.getChildren();
    List<SqlMoniker> aliases = new ArrayList<>();
    scope.findAliases(aliases); // this scope's children first, in order
    String qualifier = star.names.size() > 1 ? star.names.get(star.names.size() - 2) : null;
    for (int c = 0; c < children.size(); c++) {
      List<String> names = aliases.get(c).getFullyQualifiedNames();
      String alias = names.get(names.size() - 1);
      SqlValidatorTable table = children.get(c).getTable();
      ImplicitColumns implicit = table == null ? null : table.unwrap(ImplicitColumns.class);
      if (implicit == null || qualifier != null && !qualifier.equals(alias)) {
        continue;
      }
      for (String column : implicit.implicitColumns()) {
        excluded.add(new SqlIdentifier(List.of(alias, column), star.getParserPosition()));
      }
    }
    return excluded;
  }
}
