/**
 * {@code POST /api/expt/results} (infrastructure-and-analytics.md §5.3.3): reads one experiment iteration's arms
 * from the analytics store and answers FeatBit's statistics per variation, formatted as FeatBit's DAS formats them,
 * plus our {@code probabilityToBeatBaseline}. The statistics themselves live in {@link io.toggleworks.das.stats}.
 */
package io.toggleworks.das.experiments;
