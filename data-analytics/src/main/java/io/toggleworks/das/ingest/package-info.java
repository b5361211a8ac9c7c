/** FeatBit's test-only ingestion route {@code POST /api/events}: events written straight into the analytics store. */
package io.toggleworks.das.ingest;
