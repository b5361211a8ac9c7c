package io.toggleworks.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * SDK connections of one type to one environment. Each opens {@code /streaming}, sends a full {@code data-sync}
 * (client SDKs with one of the 1,024 fixture users, six custom properties each) and counts as synced when the
 * {@code full} reply arrives; afterwards every {@code patch} is timestamped on arrival for the push benchmarks.
 */
final class Fleet implements SdkClients.Listener {
    private static final String SERVER_SYNC = "{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}";
    private static final String PING = "{\"messageType\":\"ping\",\"data\":{}}";

    /** One connection's state; touched on its event loop, read by the driver after counters say it is done. */
    static final class Sdk {
        final int index;
        final long startNanos;
        volatile Channel channel;
        volatile long syncedNanos;
        volatile long connectedNanos;
        volatile long openNanos;
        private boolean finished;

        Sdk(int index, long startNanos) {
            this.index = index;
            this.startNanos = startNanos;
        }

        synchronized boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            return true;
        }
    }

    private final SdkClients clients;
    private final String type;
    private final String secret;
    private final String[] clientSyncs;
    private final InetSocketAddress[] sources;
    final boolean closeAfterSync;
    final Percentiles syncLatency = new Percentiles();
    /** Where the time goes: start → TCP connected, → HTTP 101 received, → data-sync reply received. */
    final Percentiles tcpConnect = new Percentiles();
    final Percentiles upgraded = new Percentiles();
    final Percentiles replied = new Percentiles();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger synced = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    private final List<Sdk> sdks = new ArrayList<>();
    private volatile long[] patchAt = new long[0];
    final AtomicInteger patches = new AtomicInteger();
    final AtomicInteger others = new AtomicInteger();
    volatile Throwable lastError;
    volatile long lastSyncNanos;

    Fleet(SdkClients clients, String type, String secret, int sources, boolean closeAfterSync) {
        this(clients, type, secret, "127.0.0", sources, closeAfterSync);
    }

    /** @param sourceNet the first three octets of the source addresses ({@code sourceNet.1} to {@code sourceNet.sources}) */
    Fleet(SdkClients clients, String type, String secret, String sourceNet, int sources, boolean closeAfterSync) {
        this.clients = clients;
        this.type = type;
        this.secret = secret;
        this.closeAfterSync = closeAfterSync;
        this.sources = new InetSocketAddress[sources];
        for (int i = 0; i < sources; i++) {
            this.sources[i] = new InetSocketAddress(sourceNet + "." + (i + 1), 0);
        }
        JsonNode users = BenchDatabase.fixture("/fixtures/users.json");
        clientSyncs = new String[users.size()];
        for (int i = 0; i < users.size(); i++) {
            clientSyncs[i] = "{\"messageType\":\"data-sync\",\"data\":{\"user\":" + Json.write(users.get(i)) + ",\"timestamp\":0}}";
        }
    }

    /** Opens one more connection now. */
    Sdk openOne() {
        int i = started.getAndIncrement();
        Sdk sdk = new Sdk(i, System.nanoTime());
        if (!closeAfterSync) {
            synchronized (sdks) {
                sdks.add(sdk);
            }
        }
        inFlight.incrementAndGet();
        InetSocketAddress local = sources.length <= 1 ? null : sources[i % sources.length];
        clients.open(clients.uri(type, secret), local, this, sdk).addListener(f -> {
            if (!f.isSuccess()) {
                fail(sdk, f.cause());
            } else {
                sdk.connectedNanos = System.nanoTime();
                tcpConnect.add(sdk.connectedNanos - sdk.startNanos);
            }
        });
        return sdk;
    }

    /** Opens {@code n} connections, at most {@code maxInFlight} handshaking at once; returns when all synced or failed. */
    void openAll(int n, int maxInFlight, long timeoutSeconds) throws InterruptedException {
        int target = started.get() + n;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (started.get() < target) {
            if (inFlight.get() >= maxInFlight) {
                LockSupport.parkNanos(100_000);
            } else {
                openOne();
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Override
    public void onOpen(Channel ch) {
        Sdk sdk = (Sdk) ch.attr(SdkClients.TAG).get();
        sdk.channel = ch;
        sdk.openNanos = System.nanoTime();
        if (sdk.connectedNanos != 0) {
            upgraded.add(sdk.openNanos - sdk.connectedNanos);
        }
        open.incrementAndGet();
        SdkClients.sendText(ch, type.equals("client") ? clientSyncs[sdk.index % clientSyncs.length] : SERVER_SYNC);
    }

    @Override
    public void onText(Channel ch, SdkClients.Kind kind, ByteBuf content, long nanos) {
        Sdk sdk = (Sdk) ch.attr(SdkClients.TAG).get();
        if (kind == SdkClients.Kind.FULL && sdk.syncedNanos == 0) {
            sdk.syncedNanos = nanos;
            if (sdk.finish()) {
                syncLatency.add(nanos - sdk.startNanos);
                replied.add(nanos - sdk.openNanos);
                lastSyncNanos = nanos;
                synced.incrementAndGet();
                inFlight.decrementAndGet();
            }
            if (closeAfterSync) {
                // A close frame, as an SDK sends: the server answers and closes the TCP connection first, so the
                // TIME_WAIT sockets stay on its side and our ephemeral ports are not used up.
                ch.writeAndFlush(new CloseWebSocketFrame(1000, "bench"));
            }
        } else if (kind == SdkClients.Kind.OTHER) {
            if (others.incrementAndGet() <= 3) {
                LoadGenerator.out("unexpected message: %s", content.toString(content.readerIndex(), Math.min(200, content.readableBytes()),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        } else if (kind == SdkClients.Kind.PATCH) {
            long[] at = patchAt;
            if (sdk.index < at.length && at[sdk.index] == 0) {
                at[sdk.index] = nanos;
                patches.incrementAndGet();
            }
        }
    }

    @Override
    public void onClosed(Channel ch) {
        Sdk sdk = (Sdk) ch.attr(SdkClients.TAG).get();
        if (sdk.channel != null) {
            open.decrementAndGet();
        }
        if (sdk.syncedNanos == 0) {
            fail(sdk, new IllegalStateException("closed before its data-sync reply"));
        }
    }

    @Override
    public void onError(Channel ch, Throwable error) {
        lastError = error;
    }

    private void fail(Sdk sdk, Throwable cause) {
        if (sdk.finish()) {
            lastError = cause;
            failed.incrementAndGet();
            inFlight.decrementAndGet();
        }
    }

    /** The three stages of {@link #syncLatency}, each as percentiles. */
    String stages() {
        return "TCP connect " + tcpConnect.summary() + "; connected -> 101 " + upgraded.summary() + "; 101 -> data-sync reply " + replied.summary();
    }

    /** Starts timestamping the next {@code patch} of every connection (index-addressed). */
    void armPatches() {
        patches.set(0);
        patchAt = new long[started.get()];
    }

    /** Arrival times of the armed patch, minus {@code t0}; connections that got none are left out. */
    long[] patchLatencies(long t0) {
        return Arrays.stream(patchAt).filter(t -> t != 0).map(t -> t - t0).toArray();
    }

    /** Every open connection sends a {@code ping} every {@code periodSeconds}, spread evenly (FeatBit's SDKs: 18 s). */
    void startPings(int periodSeconds) {
        List<Sdk> all;
        synchronized (sdks) {
            all = List.copyOf(sdks);
        }
        for (Sdk sdk : all) {
            Channel ch = sdk.channel;
            if (ch != null && ch.isActive()) {
                long delay = ThreadLocalRandom.current().nextLong(periodSeconds * 1000L);
                ch.eventLoop().scheduleAtFixedRate(() -> {
                    if (ch.isActive()) {
                        SdkClients.sendText(ch, PING);
                    }
                }, delay, periodSeconds * 1000L, TimeUnit.MILLISECONDS);
            }
        }
    }

    void closeAll() throws InterruptedException {
        List<Sdk> all;
        synchronized (sdks) {
            all = List.copyOf(sdks);
        }
        for (Sdk sdk : all) {
            if (sdk.channel != null) {
                sdk.channel.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
