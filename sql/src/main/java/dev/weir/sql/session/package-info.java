/**
 * The embedding API ({@link dev.weir.sql.session.Weir}) and the statement executor behind it and
 * the shell: DDL changes the catalog only after full validation; queries and INSERTs become jobs.
 */
package dev.weir.sql.session;
