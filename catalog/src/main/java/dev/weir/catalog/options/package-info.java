/**
 * Options as data: each is declared once ({@link dev.weir.catalog.options.ConfigOption}) and from
 * that declaration come validation of a {@code WITH (...)} clause, {@code DESCRIBE CONNECTOR}, the
 * JSON Schema for tools, and the generated docs.
 */
package dev.weir.catalog.options;
