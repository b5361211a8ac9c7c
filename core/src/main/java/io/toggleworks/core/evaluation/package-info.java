/**
 * FeatBit's flag evaluation, bit-compatible with its Evaluation Server: {@link io.toggleworks.core.evaluation.Evaluator},
 * its {@link io.toggleworks.core.evaluation.EvaluationResult} and the percentage
 * {@link io.toggleworks.core.evaluation.DispatchAlgorithm}.
 */
package io.toggleworks.core.evaluation;
