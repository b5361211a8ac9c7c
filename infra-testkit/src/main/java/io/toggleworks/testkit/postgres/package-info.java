/** A random, throw-away PostgreSQL database for tests ({@link io.toggleworks.testkit.postgres.TestDatabase}). */
package io.toggleworks.testkit.postgres;
