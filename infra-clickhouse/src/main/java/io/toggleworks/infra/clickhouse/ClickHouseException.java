package io.toggleworks.infra.clickhouse;

/** ClickHouse answered, but with an error (bad SQL, unknown table, a server-side limit); carries its error code. */
public class ClickHouseException extends RuntimeException {
    private final int code;

    public ClickHouseException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** ClickHouse's numeric error code ({@code Code: 60} = unknown table, ...), or -1 when the reply had none. */
    public int code() {
        return code;
    }
}
