/** Table schemas: physical, metadata and computed columns, the watermark, the primary key. */
package dev.weir.catalog.schema;
