package io.toggleworks.spi.analytics;

import java.util.List;

/** A page of {@link FlagEndUser}s, newest evaluation first; {@code totalCount} counts distinct (variation, user) pairs. */
public record FlagEndUsersPage(long totalCount, List<FlagEndUser> items) {
    public FlagEndUsersPage {
        items = List.copyOf(items);
    }
}
