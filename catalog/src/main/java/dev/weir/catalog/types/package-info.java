/** SQL data types as Weir knows them, and their one mapping to Arrow fields and vectors. */
package dev.weir.catalog.types;
