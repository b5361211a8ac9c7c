/**
 * Experiments and their metrics (api.md §3.19, §4.5.12): metric CRUD, experiments on a flag, their iteration
 * lifecycle (start, stop, archive iterations, archive), and iteration results fetched from the DAS
 * ({@code POST {OLAP__ServiceHost}/api/expt/results}) and stored in the iteration JSON as FeatBit stores them.
 */
package io.toggleworks.api.experiments;
