/**
 * Flag insights for the portal's charts (api.md §7 read side): the API asks the Data Analytics Service at
 * {@code OLAP__ServiceHost} and maps variation ids to names, filling 0 for variations without evaluations.
 */
package io.toggleworks.api.insights;
