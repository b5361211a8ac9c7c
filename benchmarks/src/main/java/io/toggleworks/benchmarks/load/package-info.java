/**
 * Load generators for the Evaluation Server, the API → SDK path and the message-queue providers
 * (docs/benchmarks.md §2-4). Each scenario starts the server(s) under test as separate JVMs, drives them from this
 * JVM with a Netty WebSocket client, and reports both sides' CPU time, since the load generator shares the machine.
 * Entry point: {@link io.toggleworks.benchmarks.load.LoadGenerator}; scripts: {@code benchmarks/load/*.sh}.
 */
package io.toggleworks.benchmarks.load;
