/** The catalog as Calcite sees it: tables and views with their row types, and the SQL type mapping. */
package dev.weir.sql.schema;
