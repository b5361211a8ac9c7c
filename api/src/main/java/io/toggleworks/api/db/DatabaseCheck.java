package io.toggleworks.api.db;

/** Whether the main database answers, for readiness. One implementation per {@link DbProvider}. */
public interface DatabaseCheck {
    /** True when a round trip succeeded within {@code timeoutSeconds}; never throws. */
    boolean answers(int timeoutSeconds);
}
