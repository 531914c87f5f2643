/**
 * The catalog: table and view definitions, and the registry of connectors and formats.
 *
 * <p>The bottom floor of Weir: depends on Arrow and Jackson only. Sub-packages hold SQL types and
 * their Arrow mapping ({@code types}), schemas ({@code schema}), declared options and their
 * validation ({@code options}), and the connector and format SPI ({@code connector}, {@code format}).
 */
package dev.weir.catalog;
