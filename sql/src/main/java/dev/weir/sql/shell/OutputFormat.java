package dev.weir.sql.shell;

/** How the shell writes query results: an aligned table, CSV, or JSON lines. */
public enum OutputFormat { TABLE, CSV, JSON }
