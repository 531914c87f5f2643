/** JMH micro-benchmarks of hot paths: compiled expressions, JSON decoding. */
package dev.weir.benchmarks.micro;
