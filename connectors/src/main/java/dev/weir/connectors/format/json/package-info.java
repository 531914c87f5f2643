/** The {@code json} format: one JSON object per record (JSON lines in files), streamed with Jackson's parser. */
package dev.weir.connectors.format.json;
