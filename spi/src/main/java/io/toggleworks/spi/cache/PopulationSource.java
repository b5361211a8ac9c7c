package io.toggleworks.spi.cache;

import java.util.function.Consumer;

/**
 * Everything the cache should hold, read from the main database only by the instance that populates (so that
 * waiting instances do not load the database for nothing). Each method streams its items to the sink.
 */
public interface PopulationSource {
    /** Every flag of every environment, archived ones included (the ELS serves them as archived). */
    void flags(Consumer<io.toggleworks.core.flag.FeatureFlag> sink);

    /** Every segment with the environments it applies to. */
    void segments(Consumer<SegmentEntry> sink);

    /** Every secret of every environment. */
    void secrets(Consumer<SecretEntry> sink);
}
