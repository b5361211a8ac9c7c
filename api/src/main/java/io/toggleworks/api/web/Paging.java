package io.toggleworks.api.web;

/**
 * Offset paging from FeatBit's {@code pageIndex} (0-based) and {@code pageSize} query parameters. Bind it with
 * {@code Paging.of(pageIndex, pageSize)} where both are nullable {@code Integer} request parameters.
 */
public record Paging(int pageIndex, int pageSize) {
    public static final int MAX_PAGE_SIZE = 1000;

    public static Paging of(Integer pageIndex, Integer pageSize) {
        int index = pageIndex == null ? 0 : pageIndex;
        int size = pageSize == null ? 10 : pageSize;
        Validation.of()
                .that(index >= 0, ErrorCodes.invalid("pageIndex"))
                .that(size >= 0 && size <= MAX_PAGE_SIZE, ErrorCodes.invalid("pageSize"))
                .check();
        return new Paging(index, size);
    }

    public long offset() {
        return (long) pageIndex * pageSize;
    }
}
