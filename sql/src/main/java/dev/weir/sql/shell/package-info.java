/** The {@code bin/weir} command line: the interactive JLine shell, scripts ({@code -f}, {@code -e}) and result printers. */
package dev.weir.sql.shell;
