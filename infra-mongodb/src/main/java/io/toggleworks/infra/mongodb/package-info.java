/** MongoDB implementations: the main database (DbProvider=MongoDb) and the analytics store on the Events collection. */
package io.toggleworks.infra.mongodb;
