/** Translation of an optimized Calcite plan into an engine job graph: scans to sources, Calcs to compiled operators, ... */
package dev.weir.sql.translate;
