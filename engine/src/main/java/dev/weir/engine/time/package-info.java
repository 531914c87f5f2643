/** Event time: watermark generation at sources. */
package dev.weir.engine.time;
