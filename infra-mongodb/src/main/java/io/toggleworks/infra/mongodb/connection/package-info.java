/** How the MongoDB modules reach the server: FeatBit's MongoDb__ settings turned into a driver client. */
package io.toggleworks.infra.mongodb.connection;
