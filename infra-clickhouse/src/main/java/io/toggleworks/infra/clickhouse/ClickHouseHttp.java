package io.toggleworks.infra.clickhouse;

import io.toggleworks.spi.store.StoreUnavailableException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP interface on {@code java.net.http}: SQL in the POST body (or in {@code query=} with data in the
 * body), settings as URL parameters. The official Java clients cannot read from ClickHouse 18.16 (toolchain.md row
 * 6b); this works on every release. Connection failures become {@link StoreUnavailableException}, error replies
 * {@link ClickHouseException}.
 */
public final class ClickHouseHttp implements AutoCloseable {
    private static final Pattern ERROR_CODE = Pattern.compile("Code: (\\d+)");

    private final ClickHouseSettings settings;
    private final HttpClient client;
    private final String authorization;
    private final AtomicInteger next = new AtomicInteger();

    public ClickHouseHttp(ClickHouseSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .sslContext(TlsContexts.of(settings.tls()))
                // ClickHouse's HTTP server is HTTP/1.1 only; skip the h2c upgrade dance.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        // Basic auth works on 18.16; the X-ClickHouse-User/Key headers came later.
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    public ClickHouseSettings settings() {
        return settings;
    }

    /** Runs a statement that returns nothing of interest (DDL, OPTIMIZE). */
    public void execute(String sql) {
        send(Map.of(), HttpRequest.BodyPublishers.ofString(sql), sql);
    }

    /**
     * Runs a SELECT and returns the body. {@code wait_end_of_query=1} makes the server buffer the result, so an error
     * in the middle of a query comes back as an error status instead of a truncated 200.
     */
    public String query(String sql) {
        return send(Map.of("wait_end_of_query", "1", "output_format_json_quote_64bit_integers", "0",
                        // The server stops a query the client has stopped waiting for.
                        "max_execution_time", Long.toString(Math.max(1, settings.requestTimeout().toSeconds()))),
                HttpRequest.BodyPublishers.ofString(sql), sql);
    }

    /** {@code INSERT INTO <table> FORMAT JSONEachRow} with {@code rows} (one JSON object per line) as the body. */
    public void insertJsonEachRow(String qualifiedTable, byte[] rows) {
        String sql = "INSERT INTO " + qualifiedTable + " FORMAT JSONEachRow";
        send(Map.of("query", sql), HttpRequest.BodyPublishers.ofByteArray(rows), sql);
    }

    /** {@code GET /ping} on any endpoint answers "Ok.". */
    public boolean ping() {
        for (URI endpoint : orderedEndpoints()) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint.resolve("ping"))
                        .timeout(settings.connectTimeout()).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().startsWith("Ok.")) {
                    return true;
                }
            } catch (IOException e) {
                // try the next endpoint
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private String send(Map<String, String> params, HttpRequest.BodyPublisher body, String sqlForErrors) {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        IOException last = null;
        for (URI endpoint : orderedEndpoints()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + query.toString()))
                    .timeout(settings.requestTimeout())
                    .header("Authorization", authorization)
                    .POST(body)
                    .build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                // Nothing reached this server, so trying the next one cannot double-apply the request.
                last = e;
                continue;
            } catch (HttpTimeoutException e) {
                throw new StoreUnavailableException("ClickHouse at " + endpoint + " did not answer within "
                        + settings.requestTimeout().toMillis() + " ms", e);
            } catch (IOException e) {
                throw new StoreUnavailableException("ClickHouse at " + endpoint + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for ClickHouse", e);
            }
            if (response.statusCode() == 200) {
                return response.body();
            }
            String text = response.body().strip();
            Matcher m = ERROR_CODE.matcher(text);
            int code = m.find() ? Integer.parseInt(m.group(1)) : -1;
            throw new ClickHouseException(code, "ClickHouse HTTP " + response.statusCode() + ": " + abbreviate(text)
                    + " [SQL: " + abbreviate(sqlForErrors) + "]");
        }
        throw new StoreUnavailableException("ClickHouse is unreachable at " + settings.endpoints(), last);
    }

    /** Round-robin start, then the others in order, as FeatBit's ALT_HOST list spreads load. */
    private List<URI> orderedEndpoints() {
        List<URI> all = settings.endpoints();
        if (all.size() == 1) {
            return all;
        }
        int start = Math.floorMod(next.getAndIncrement(), all.size());
        List<URI> ordered = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            ordered.add(all.get((start + i) % all.size()));
        }
        return ordered;
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }

    @Override
    public void close() {
        client.close();
    }
}
