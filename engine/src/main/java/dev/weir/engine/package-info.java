/**
 * The dataflow engine: Arrow batches and control messages flowing through operators over bounded
 * channels, scheduled cooperatively on a pool sized to the machine.
 *
 * <p>Depends on the catalog's SPI only; knows nothing of SQL or of particular connectors.
 */
package dev.weir.engine;
