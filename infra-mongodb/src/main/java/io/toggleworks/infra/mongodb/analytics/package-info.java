/** The Data Analytics Service's store on FeatBit's MongoDB {@code Events} collection (DB_PROVIDER=MongoDb). */
package io.toggleworks.infra.mongodb.analytics;
