package io.toggleworks.api.insights;

import io.toggleworks.core.flag.Variation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DAS results in the portal's terms (FeatBit's {@code InsightsVm}): variation names instead of ids, every variation of
 * the flag in every bucket (0 when it has no evaluations). Ids the flag no longer has (a deleted variation) keep
 * their counts under the id, rather than being dropped.
 */
final class InsightsMapping {
    private InsightsMapping() {
    }

    public record VariationCount(String variation, long count) {
    }

    public record InsightsVm(String time, List<VariationCount> variations) {
    }

    public record FlagEndUserVm(String variation, String keyId, String name, String lastEvaluatedAt) {
    }

    static List<InsightsVm> insights(List<OlapClient.DasBucket> buckets, List<Variation> variations) {
        List<InsightsVm> result = new ArrayList<>(buckets.size());
        for (OlapClient.DasBucket b : buckets) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (OlapClient.DasVariation v : b.variations() == null ? List.<OlapClient.DasVariation>of() : b.variations()) {
                counts.merge(v.id(), v.val(), Long::sum);
            }
            List<VariationCount> row = new ArrayList<>();
            for (Variation v : variations) {
                Long n = counts.remove(v.id());
                row.add(new VariationCount(v.name(), n == null ? 0 : n));
            }
            counts.forEach((id, n) -> row.add(new VariationCount(id, n)));
            result.add(new InsightsVm(b.time(), row));
        }
        return result;
    }

    static FlagEndUserVm endUser(OlapClient.DasEndUser u, List<Variation> variations) {
        String name = variations.stream().filter(v -> v.id().equals(u.variationId())).map(Variation::name).findFirst()
                .orElse(u.variationId());
        return new FlagEndUserVm(name, u.keyId(), u.name(), u.lastEvaluatedAt());
    }
}
