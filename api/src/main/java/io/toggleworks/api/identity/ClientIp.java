package io.toggleworks.api.identity;

import jakarta.servlet.http.HttpServletRequest;

/** FeatBit's client IP: first X-Forwarded-For entry, else CF-Connecting-IP, else the socket address. */
final class ClientIp {
    private ClientIp() {
    }

    static String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        String cf = request.getHeader("CF-Connecting-IP");
        if (cf != null && !cf.isBlank()) {
            return cf.trim();
        }
        return request.getRemoteAddr();
    }
}
