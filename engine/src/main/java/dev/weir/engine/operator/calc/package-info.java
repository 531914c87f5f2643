/** Projection and filtering by a compiled program over whole Arrow vectors. */
package dev.weir.engine.operator.calc;
