/** Parsing, validation and logical planning of statements with Calcite. */
package dev.weir.sql.plan;
