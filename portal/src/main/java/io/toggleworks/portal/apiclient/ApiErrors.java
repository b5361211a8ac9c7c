package io.toggleworks.portal.apiclient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Error codes from the API turned into what a form shows: a message per field (codes {@code <field>_is_required},
 * {@code <field>_is_invalid} and a few named ones) and messages for the whole page (everything else).
 */
public record ApiErrors(Map<String, String> fields, List<String> page) {
    public static final ApiErrors NONE = new ApiErrors(Map.of(), List.of());

    public static ApiErrors of(ApiException e) {
        return of(e.errors(), e.status());
    }

    public static ApiErrors of(List<String> codes, int status) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> page = new ArrayList<>();
        for (String code : codes) {
            String field = fieldOf(code);
            if (field != null) {
                fields.putIfAbsent(field, message(code));
            } else {
                page.add(message(code));
            }
        }
        if (codes.isEmpty()) {
            page.add(status >= 500 ? "The API failed to answer. Try again in a moment." : "The request was refused (" + status + ").");
        }
        return new ApiErrors(Map.copyOf(fields), List.copyOf(page));
    }

    /** A single page-level message, for problems the portal finds itself. */
    public static ApiErrors page(String message) {
        return new ApiErrors(Map.of(), List.of(message));
    }

    public static ApiErrors field(String field, String message) {
        return new ApiErrors(Map.of(field, message), List.of());
    }

    public boolean any() {
        return !fields.isEmpty() || !page.isEmpty();
    }

    public String get(String field) {
        return fields.get(field);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    private static String fieldOf(String code) {
        if (code.equals("KeyHasBeenUsed")) return "key";
        if (code.equals("NameHasBeenUsed")) return "name";
        if (code.equals("PasswordTooShort")) return "newPassword";
        if (code.equals("EmailPasswordMismatch")) return "password";
        int i = code.indexOf("_is_");
        if (i > 0) return code.substring(0, i);
        return null;
    }

    static String message(String code) {
        return switch (code) {
            case "KeyHasBeenUsed" -> "This key is already used.";
            case "NameHasBeenUsed" -> "This name is already used.";
            case "EmailPasswordMismatch" -> "Email or password is incorrect.";
            case "PasswordTooShort" -> "The password needs at least 6 characters.";
            case "Conflict" -> "Someone else changed this in the meantime. Reload the page and apply your change again.";
            case "Forbidden" -> "You don't have permission to do this.";
            case "Unauthorized" -> "Your session has expired. Sign in again.";
            case "ResourceNotFound" -> "Not found: it may have been removed.";
            case "CannotDeleteUnarchivedFeatureFlag" -> "Archive the flag before removing it.";
            case "CannotDeleteUnArchivedSegment" -> "Archive the segment before removing it.";
            case "SegmentIsBeingUsed" -> "This segment is used by feature flags: remove it from their rules first.";
            case "CannotModifySysManagedPolicy" -> "System-managed policies cannot be changed.";
            case "CannotModifyBuiltInProperty" -> "Built-in properties cannot be changed.";
            case "EndUserLimitExceeded" -> "Too many end users (at most 50 000).";
            case "file_is_invalid" -> "The file is not valid JSON in the expected shape.";
            case "InternalServerError" -> "The API failed to answer. Try again in a moment.";
            case "AnalyticsServiceUnavailable" -> "Insights are unavailable: the API cannot reach the Data Analytics Service. Try again in a moment.";
            default -> {
                int i = code.indexOf("_is_");
                if (i > 0) {
                    String field = humanize(code.substring(0, i));
                    String what = code.substring(i + 4).replace('_', ' ');
                    yield field + " is " + what + ".";
                }
                yield code;
            }
        };
    }

    private static String humanize(String field) {
        String spaced = field.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
