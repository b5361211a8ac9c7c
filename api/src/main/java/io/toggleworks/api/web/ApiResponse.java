package io.toggleworks.api.web;

import java.util.List;

/**
 * FeatBit's envelope for every JSON response: {@code {"success":true,"errors":[],"data":...}} or
 * {@code {"success":false,"errors":["<code>"],"data":null}} (api.md §4.1). Controllers return
 * {@code ApiResponse.ok(data)}; errors come from {@link ApiException} through {@link GlobalExceptionHandler}.
 */
public record ApiResponse<T>(boolean success, List<String> errors, T data) {
    public ApiResponse {
        errors = List.copyOf(errors);
    }

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>(true, List.of(), data);
    }

    public static ApiResponse<Object> error(List<String> codes) {
        return new ApiResponse<>(false, codes, null);
    }

    public static ApiResponse<Object> error(String code) {
        return error(List.of(code));
    }
}
