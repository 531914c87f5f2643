/** The {@code filesystem} connector: reads a file or a directory of files, writes a file or a directory of part files. */
package dev.weir.connectors.filesystem;
