/**
 * FeatBit's {@code Postgres__ConnectionString} (Npgsql keywords, JDBC URL or libpq URI) parsed into what pgjdbc
 * needs, and the pools and connections built from it; shared by every PostgreSQL provider in this module.
 */
package io.toggleworks.infra.postgres.jdbc;
