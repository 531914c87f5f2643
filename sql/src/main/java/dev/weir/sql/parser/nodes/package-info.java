/**
 * Passive syntax nodes for Weir's statements (DDL, SHOW, DESCRIBE, SET, ...).
 *
 * <p>They are built by the generated parser ({@code dev.weir.sql.parser.impl}) and hold syntax
 * only; {@code dev.weir.sql.session} validates them and changes the catalog. Depends on Calcite.
 */
package dev.weir.sql.parser.nodes;
