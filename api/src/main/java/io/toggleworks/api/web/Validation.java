package io.toggleworks.api.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects FeatBit-style validation codes ({@code name_is_required}, {@code key_is_invalid}) and throws one 400
 * with all of them. Usage: {@code Validation.of().required("name", req.name()).maxLength("name", req.name(), 128).check();}
 */
public final class Validation {
    /** Keys of projects, environments, flags, segments, policies: letters, digits, '.', '_' and '-'. */
    public static final Pattern KEY = Pattern.compile("^[a-zA-Z0-9._-]+$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private final List<String> codes = new ArrayList<>();

    public static Validation of() {
        return new Validation();
    }

    public Validation required(String param, Object value) {
        boolean missing = value == null
                || (value instanceof String s && s.isBlank())
                || (value instanceof Collection<?> c && c.isEmpty());
        if (missing) {
            add(ErrorCodes.required(param));
        }
        return this;
    }

    public Validation maxLength(String param, String value, int max) {
        if (value != null && value.length() > max) {
            add(ErrorCodes.invalid(param));
        }
        return this;
    }

    public Validation key(String param, String value) {
        if (value == null || value.isBlank()) {
            add(ErrorCodes.required(param));
        } else if (value.length() > 128 || !KEY.matcher(value).matches()) {
            add(ErrorCodes.invalid(param));
        }
        return this;
    }

    public Validation email(String param, String value) {
        if (value == null || value.isBlank()) {
            add(ErrorCodes.required(param));
        } else if (value.length() > 256 || !EMAIL.matcher(value).matches()) {
            add(ErrorCodes.invalid(param));
        }
        return this;
    }

    public Validation that(boolean valid, String code) {
        if (!valid) {
            add(code);
        }
        return this;
    }

    public void check() {
        if (!codes.isEmpty()) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, codes);
        }
    }

    private void add(String code) {
        if (!codes.contains(code)) {
            codes.add(code);
        }
    }
}
