/** FeatBit's MongoDB document shapes (camelCase, {@code _id} at every level, GUID subtype 4) mapped to core records. */
package io.toggleworks.infra.mongodb.document;
