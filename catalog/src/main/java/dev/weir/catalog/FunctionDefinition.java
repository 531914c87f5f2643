package dev.weir.catalog;

/**
 * A user-defined function as declared by CREATE FUNCTION.
 *
 * @param name its name (calls match it case-insensitively, as for built-in functions)
 * @param className the Java class with its public {@code eval} methods
 */
public record FunctionDefinition(String name, String className) {}
