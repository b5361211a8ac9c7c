package io.toggleworks.api.iam;

import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The IAM pickers' page: candidates (groups, policies, members) each marked as linked to the subject or not;
 * FeatBit's {@code getAll...=true} lists every candidate, otherwise only the linked ones.
 */
final class LinkedPage {
    @FunctionalInterface
    interface View<T, V> {
        V of(T candidate, boolean linked);
    }

    private LinkedPage() {
    }

    static <T, V> PagedResult<V> of(List<T> candidates, Function<T, UUID> id, Collection<UUID> linkedIds,
                                    Boolean includeAll, View<T, V> view, Paging paging) {
        Set<UUID> linked = new HashSet<>(linkedIds);
        List<V> all = candidates.stream()
                .filter(c -> Boolean.TRUE.equals(includeAll) || linked.contains(id.apply(c)))
                .map(c -> view.of(c, linked.contains(id.apply(c))))
                .toList();
        return PagedResult.page(all, paging);
    }
}
