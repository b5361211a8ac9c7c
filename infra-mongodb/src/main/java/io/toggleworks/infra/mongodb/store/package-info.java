/** The Evaluation Server's store on FeatBit's MongoDB collections (DbProvider=MongoDb). */
package io.toggleworks.infra.mongodb.store;
