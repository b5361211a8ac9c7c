/** Analytics-store benchmarks: events ingested per second and insight-query time, per store, in one run. */
package io.toggleworks.benchmarks.analytics;
