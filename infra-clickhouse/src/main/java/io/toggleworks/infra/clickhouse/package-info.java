/** ClickHouse analytics store over the HTTP interface (java.net.http), for the Professional tier. */
package io.toggleworks.infra.clickhouse;
