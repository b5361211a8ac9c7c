package io.toggleworks.das.web;

import java.util.Map;

/**
 * FeatBit's DAS envelope (infrastructure-and-analytics.md §5.3): {@code {"code":200,"error":"","data":...}}; errors
 * carry the HTTP status as {@code code}, a readable message and {@code data = {}}.
 */
public record DasResponse<T>(int code, String error, T data) {

    public static <T> DasResponse<T> ok(T data) {
        return new DasResponse<>(200, "", data);
    }

    public static DasResponse<Object> error(int status, String message) {
        return new DasResponse<>(status, message, Map.of());
    }
}
