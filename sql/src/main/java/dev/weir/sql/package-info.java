/**
 * Weir's SQL layer: Calcite parses ({@code parser}), validates and plans ({@code plan}); plans are
 * translated into engine jobs ({@code translate}) with expressions compiled to Java ({@code
 * codegen}); {@code session} is the embedding API and statement executor; {@code shell} the CLI.
 * Depends on the catalog and the engine; connectors are found at run time.
 */
package dev.weir.sql;
