/** Functions Weir adds to Calcite's standard operator table, spelled and typed as in Flink SQL. */
package dev.weir.sql.functions;
