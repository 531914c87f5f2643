/** The {@code stdout} sink: each row printed as one line in a format (JSON by default). */
package dev.weir.connectors.stdout;
