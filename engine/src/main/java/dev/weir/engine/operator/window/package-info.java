/** Window table functions: assigning each row to its tumbling or hopping windows. */
package dev.weir.engine.operator.window;
