/**
 * Operators: batch in, batch out, with optional hooks for watermarks and the end of input. One
 * package per operator family; an operator never knows which connector fed it.
 */
package dev.weir.engine.operator;
