package io.toggleworks.infra.clickhouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of ClickHouse's HTTP port that drops the connection when the client starts its
 * {@code cutAt}-th POST, before forwarding it: a server or network dying in the middle of a multi-request batch.
 */
public final class CuttingProxy implements AutoCloseable {
    private static final byte[] POST = "POST /".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final URI target;
    private final int cutAt;
    private final AtomicInteger posts = new AtomicInteger();

    public CuttingProxy(URI target, int cutAt) throws IOException {
        this.target = target;
        this.cutAt = cutAt;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getHost(), target.getPort());
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (requests && startsPost(buf, n) && posts.incrementAndGet() >= cutAt) {
                    from.close();
                    to.close();
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A request begins a read: the client sends one request at a time per connection and waits for the answer. */
    private static boolean startsPost(byte[] buf, int n) {
        if (n < POST.length) {
            return false;
        }
        for (int i = 0; i < POST.length; i++) {
            if (buf[i] != POST[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
