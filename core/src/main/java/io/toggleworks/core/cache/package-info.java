/** Caches of values derived from immutable domain objects, keyed by the objects' identity. */
package io.toggleworks.core.cache;
