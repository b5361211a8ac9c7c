/** An in-memory MongoDB server for tests ({@link io.toggleworks.testkit.mongo.MongoEmulator}). */
package io.toggleworks.testkit.mongo;
