package io.toggleworks.das.experiments;

import io.toggleworks.das.web.DasException;

/** A metric's event type: FeatBit's integer on the wire and the {@code event} column value of its rows. */
public enum EventType {
    CUSTOM(1, "CustomEvent"), PAGE_VIEW(2, "PageView"), CLICK(3, "Click");

    private final int code;
    private final String eventName;

    EventType(int code, String eventName) {
        this.code = code;
        this.eventName = eventName;
    }

    public int code() {
        return code;
    }

    public String eventName() {
        return eventName;
    }

    /**
     * FeatBit's DAS maps any unknown number to CustomEvent; we refuse it, since a typo would silently measure the
     * wrong events (ADR 0075).
     */
    public static EventType of(int code) {
        for (EventType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw DasException.badRequest("eventType must be 1 (Custom), 2 (PageView) or 3 (Click)");
    }
}
