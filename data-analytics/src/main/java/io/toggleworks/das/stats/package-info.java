/**
 * Experiment statistics, pure Java: the distributions FeatBit's DAS takes from SciPy and statsmodels (Student t,
 * noncentral t, the two-sample t-test power solver), FeatBit's frequentist decision per variation and its winner rule,
 * the number formats of its responses, and a Bayesian probability to beat the baseline that FeatBit does not offer.
 * No framework and no I/O: everything here is tested against hand-computed and SciPy-published values.
 */
package io.toggleworks.das.stats;
