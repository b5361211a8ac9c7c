package io.toggleworks.api.auditlog;

/** FeatBit's {@code {previous, current}}: each the JSON of the entity, or {@code ""} (creation, deletion). */
public record DataChange(String previous, String current) {
    public DataChange {
        previous = previous == null ? "" : previous;
        current = current == null ? "" : current;
    }
}
