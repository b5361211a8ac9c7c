package io.toggleworks.standalone;

import java.nio.file.Path;

/**
 * Where the standalone platform keeps its data and which ports it listens on. Defaults are FeatBit's ports;
 * each can be changed with an environment variable or a system property of the same name.
 */
record StandaloneSettings(Path dataDir, int apiPort, int elsPort, int portalPort, int postgresPort, int dasPort) {

    static StandaloneSettings fromEnvironment() {
        return new StandaloneSettings(
                Path.of(setting("TOGGLEWORKS_DATA", "data")),
                Integer.parseInt(setting("API_PORT", "5000")),
                Integer.parseInt(setting("ELS_PORT", "5100")),
                Integer.parseInt(setting("PORTAL_PORT", "8081")),
                Integer.parseInt(setting("EMBEDDED_POSTGRES_PORT", "15432")),
                Integer.parseInt(setting("DAS_PORT", "8200")));
    }

    private static String setting(String name, String defaultValue) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
