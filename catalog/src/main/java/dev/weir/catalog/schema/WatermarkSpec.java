package dev.weir.catalog.schema;

/**
 * {@code WATERMARK FOR column AS expression}: which column carries event time, and how far the
 * watermark trails it.
 *
 * @param column the event-time column
 * @param expression the SQL text of the watermark expression
 * @param delayMillis how far the watermark trails the largest event time seen, when the expression
 *     has the form {@code column - INTERVAL ...} (the common case), else 0
 */
public record WatermarkSpec(String column, String expression, long delayMillis) {}
