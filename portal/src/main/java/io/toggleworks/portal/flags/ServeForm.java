package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.RolloutVariation;
import io.toggleworks.portal.apiclient.Variation;
import io.toggleworks.portal.web.FormParams;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule (or the default rule) serves: one variation, or a percentage rollout bucketed by a dispatch key.
 * Percentages are edited as text and turned into the wire's cumulative {@code [from, to]} ranges inside 0..1.
 */
public record ServeForm(String mode, Map<String, String> percentages, String dispatchKey) {
    public static final String ROLLOUT = "rollout";

    public boolean rollout() {
        return ROLLOUT.equals(mode);
    }

    public String percentage(String variationId) {
        return percentages.getOrDefault(variationId, "0");
    }

    public static ServeForm from(List<RolloutVariation> variations, String dispatchKey, List<Variation> flagVariations) {
        Map<String, String> pct = new LinkedHashMap<>();
        for (Variation v : flagVariations) pct.put(v.id(), "0");
        if (variations == null || variations.isEmpty()) {
            return new ServeForm(flagVariations.isEmpty() ? "" : flagVariations.getFirst().id(), pct, dispatchKey == null ? "" : dispatchKey);
        }
        for (RolloutVariation rv : variations) {
            double share = rv.rollout().get(1) - rv.rollout().get(0);
            pct.put(rv.id(), format(share * 100));
        }
        boolean single = variations.size() == 1 && variations.getFirst().rollout().get(0) <= 1e-5 && variations.getFirst().rollout().get(1) >= 1 - 1e-5;
        return new ServeForm(single ? variations.getFirst().id() : ROLLOUT, pct, dispatchKey == null ? "" : dispatchKey);
    }

    public static ServeForm parse(FormParams form, String prefix, List<Variation> flagVariations) {
        Map<String, String> pct = new LinkedHashMap<>();
        for (Variation v : flagVariations) {
            String p = form.get(prefix + "pct." + v.id());
            pct.put(v.id(), p.isBlank() ? "0" : p.trim());
        }
        return new ServeForm(form.get(prefix + "serve"), pct, form.get(prefix + "dispatchKey").trim());
    }

    /** The wire variations, or a message when the percentages do not add up to 100. */
    public Result toWire(List<Variation> flagVariations) {
        if (!rollout()) {
            if (flagVariations.stream().noneMatch(v -> v.id().equals(mode))) return new Result(List.of(), "Choose a variation to serve.");
            return new Result(List.of(new RolloutVariation(mode, List.of(0.0, 1.0), 1.0)), null);
        }
        BigDecimal total = BigDecimal.ZERO;
        List<RolloutVariation> out = new ArrayList<>();
        for (Variation v : flagVariations) {
            BigDecimal p;
            try {
                p = new BigDecimal(percentage(v.id()));
            } catch (NumberFormatException e) {
                return new Result(List.of(), "Percentages must be numbers.");
            }
            if (p.signum() < 0) return new Result(List.of(), "Percentages cannot be negative.");
            if (p.signum() == 0) continue;
            BigDecimal from = total.divide(BigDecimal.valueOf(100), 6, RoundingMode.HALF_UP);
            total = total.add(p);
            BigDecimal to = total.divide(BigDecimal.valueOf(100), 6, RoundingMode.HALF_UP);
            out.add(new RolloutVariation(v.id(), List.of(from.doubleValue(), to.doubleValue()), 1.0));
        }
        if (total.compareTo(BigDecimal.valueOf(100)) != 0) {
            return new Result(List.of(), "Percentages add up to " + total.stripTrailingZeros().toPlainString() + "%, not 100%.");
        }
        return new Result(out, null);
    }

    public record Result(List<RolloutVariation> variations, String problem) {}

    static String format(double percent) {
        return BigDecimal.valueOf(percent).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
