package io.toggleworks.core.wire;

import io.toggleworks.core.cache.IdentityCache;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A flag's {@code variationOptions} for client payloads, built once per flag instance together with its JSON text:
 * they are the same for every user, so client data-sync copies pre-encoded bytes instead of re-serializing them.
 */
final class VariationOptions extends AbstractList<VariationOption> implements RandomAccess {
    private static final IdentityCache<List<Variation>, VariationOptions> CACHE = new IdentityCache<>(8192);

    private final VariationOption[] options;
    private final SerializableString json;

    private VariationOptions(List<Variation> variations) {
        options = new VariationOption[variations.size()];
        for (int i = 0; i < options.length; i++) {
            options[i] = VariationOption.of(variations.get(i));
        }
        json = new SerializedString(Json.write(List.of(options)));
    }

    static VariationOptions of(List<Variation> variations) {
        return CACHE.get(variations, VariationOptions::new);
    }

    SerializableString json() {
        return json;
    }

    @Override
    public VariationOption get(int index) {
        return options[index];
    }

    @Override
    public int size() {
        return options.length;
    }
}
