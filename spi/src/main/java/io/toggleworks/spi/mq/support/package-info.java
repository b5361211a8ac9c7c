/**
 * Plain-Java pieces that every message-queue provider needs in the same form (back-off, settings parsing, the
 * open/closed bookkeeping of a queue and of a job consumer's topic loops, splitting a failed job batch), so that a
 * provider keeps only what differs by engine. Not part of the service-facing interface: services use
 * {@link io.toggleworks.spi.mq}.
 */
package io.toggleworks.spi.mq.support;
