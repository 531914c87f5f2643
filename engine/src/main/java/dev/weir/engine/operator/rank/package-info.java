/** Top-N and deduplication: {@code ROW_NUMBER() OVER (...)} with a limit on the number. */
package dev.weir.engine.operator.rank;
