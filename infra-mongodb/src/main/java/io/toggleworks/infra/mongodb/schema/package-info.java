/** FeatBit's MongoDB collections and indexes, created idempotently at start-up. */
package io.toggleworks.infra.mongodb.schema;
