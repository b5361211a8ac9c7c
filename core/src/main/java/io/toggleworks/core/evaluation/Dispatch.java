package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.Variation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule's (or the fallthrough's) percentage dispatch with every possible result built in advance
 * (evaluation-server.md §5.5, §5.6): picking a result hashes at most twice and allocates nothing.
 */
final class Dispatch {
    private static final int FULL = 0;
    private static final int EMPTY = 1;
    private static final int RANGE = 2;
    private static final int INVALID = 3;

    private static final int EXPT_FALSE = 0;
    private static final int EXPT_TRUE = 1;
    private static final int EXPT_HASH = 2;

    /** FeatBit starts from an empty variation: a dispatch that matches no range serves {id:"", value:""}. */
    private static final Optional<Variation> EMPTY_VARIATION = Optional.of(new Variation("", "", ""));

    private final boolean keyIsKeyId;
    private final Attribute keyAttribute;
    private final byte[] flagKeyUtf8;
    private final byte[] exptPrefixUtf8;
    private final int[] kinds;
    private final double[] lows;
    private final double[] highs;
    private final int[] exptModes;
    private final double[] exptUppers;
    private final EvaluationResult[] inExpt;
    private final EvaluationResult[] notInExpt;
    private final EvaluationResult noMatch;

    Dispatch(String flagKey, String dispatchKey, boolean includedInExpt, boolean exptIncludeAllTargets,
             List<RolloutVariation> variations, Map<String, Variation> flagVariations, String reason) {
        this.keyIsKeyId = DotNetText.isNullOrWhiteSpace(dispatchKey);
        this.keyAttribute = Attribute.of(dispatchKey);
        String key = flagKey == null ? "" : flagKey;
        this.flagKeyUtf8 = key.getBytes(StandardCharsets.UTF_8);
        this.exptPrefixUtf8 = ("expt" + key).getBytes(StandardCharsets.UTF_8);
        int n = variations.size();
        kinds = new int[n];
        lows = new double[n];
        highs = new double[n];
        exptModes = new int[n];
        exptUppers = new double[n];
        inExpt = new EvaluationResult[n];
        notInExpt = new EvaluationResult[n];
        for (int i = 0; i < n; i++) {
            RolloutVariation rv = variations.get(i);
            double[] r = rv.rollout();
            if (r == null || r.length < 2) {
                kinds[i] = INVALID; // FeatBit throws; this range matches nobody (ADR 0011)
                continue;
            }
            double lo = r[0];
            double hi = r[1];
            lows[i] = lo;
            highs[i] = hi;
            kinds[i] = lo == 0 && 1 - hi < DispatchAlgorithm.FULL_RANGE_EPSILON ? FULL : lo == 0 && hi == 0 ? EMPTY : RANGE;
            Optional<Variation> served = Optional.ofNullable(rv.id() == null ? null : flagVariations.get(rv.id()));
            inExpt[i] = new EvaluationResult(served, reason, true);
            notInExpt[i] = new EvaluationResult(served, reason, false);
            if (exptIncludeAllTargets) {
                exptModes[i] = EXPT_TRUE;
            } else if (!includedInExpt) {
                exptModes[i] = EXPT_FALSE;
            } else {
                double width = hi - lo;
                double expt = rv.exptRollout();
                if (expt == 0 || width == 0) {
                    exptModes[i] = EXPT_FALSE;
                } else {
                    double upper = Math.min(expt / width, 1.0);
                    if (1 - upper < DispatchAlgorithm.FULL_RANGE_EPSILON) {
                        exptModes[i] = EXPT_TRUE;
                    } else if (upper == 0) {
                        exptModes[i] = EXPT_FALSE;
                    } else {
                        exptModes[i] = EXPT_HASH;
                        exptUppers[i] = upper;
                    }
                }
            }
        }
        // No range matched: experiment only when every evaluation is sent (the matched exptRollout counts as 0).
        this.noMatch = new EvaluationResult(EMPTY_VARIATION, reason, exptIncludeAllTargets);
    }

    EvaluationResult dispatch(EndUser user) {
        String value = null;
        double bucket = -1;
        for (int i = 0; i < kinds.length; i++) {
            int kind = kinds[i];
            if (kind == RANGE) {
                if (bucket < 0) {
                    value = keyValue(user);
                    bucket = DispatchAlgorithm.bucket(flagKeyUtf8, value);
                }
                if (lows[i] <= bucket && bucket <= highs[i]) {
                    return experiment(i, value, user);
                }
            } else if (kind == FULL) {
                return experiment(i, value, user);
            }
        }
        return noMatch;
    }

    private EvaluationResult experiment(int i, String value, EndUser user) {
        switch (exptModes[i]) {
            case EXPT_TRUE:
                return inExpt[i];
            case EXPT_FALSE:
                return notInExpt[i];
            default:
                String v = value == null ? keyValue(user) : value;
                double b = DispatchAlgorithm.bucket(exptPrefixUtf8, v);
                return b <= exptUppers[i] ? inExpt[i] : notInExpt[i];
        }
    }

    /** The dispatch value appended to the flag key; FeatBit concatenates null as nothing. */
    private String keyValue(EndUser user) {
        String v = keyIsKeyId ? user.keyId() : keyAttribute.valueOf(user);
        return v == null ? "" : v;
    }
}
