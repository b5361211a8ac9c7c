/** FeatBit's {@code Redis__ConnectionString} (StackExchange.Redis syntax or a redis:// URI) turned into Lettuce URIs. */
package io.toggleworks.infra.redis.connection;
