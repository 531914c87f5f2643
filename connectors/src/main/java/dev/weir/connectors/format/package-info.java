/** What the formats share: writing decoded values into vectors and reading them back out. */
package dev.weir.connectors.format;
