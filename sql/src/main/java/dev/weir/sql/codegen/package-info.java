/**
 * Expression compilation: a Calcite {@code RexProgram} (filter and projection) becomes Java source
 * that loops over Arrow vectors with primitive locals, compiled by Janino into a {@link
 * dev.weir.engine.operator.calc.CalcProgram}. {@link dev.weir.sql.codegen.SqlRuntime} holds the
 * functions the generated code calls.
 */
package dev.weir.sql.codegen;
