/** Clean-up of the test keys in the machine's Redis ({@link io.toggleworks.testkit.redis.RedisKeys}). */
package io.toggleworks.testkit.redis;
