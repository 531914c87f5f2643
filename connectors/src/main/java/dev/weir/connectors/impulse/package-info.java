/** The {@code impulse} source: a counter and a timestamp at a fixed rate, for trying queries and testing. */
package dev.weir.connectors.impulse;
