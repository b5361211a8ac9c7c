package io.toggleworks.els;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.toggleworks.els.auth.SecretAuthenticator;
import io.toggleworks.els.config.ElsConfig;
import io.toggleworks.els.data.EnvironmentRegistry;
import io.toggleworks.els.http.HttpHandler;
import io.toggleworks.els.http.Route;
import io.toggleworks.els.http.SdkEndpoints;
import io.toggleworks.els.insights.InsightTracker;
import io.toggleworks.els.insights.JobPublisher;
import io.toggleworks.els.metrics.ElsMetrics;
import io.toggleworks.els.ofrep.OfrepEndpoints;
import io.toggleworks.els.streaming.ChangeFanout;
import io.toggleworks.els.streaming.Connection;
import io.toggleworks.els.streaming.ConnectionRegistry;
import io.toggleworks.els.streaming.DataSyncService;
import io.toggleworks.els.streaming.HandshakeValidator;
import io.toggleworks.els.streaming.StreamingUpgrade;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.store.EvaluationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Evaluation Server: one Netty server for HTTP and the {@code /streaming} WebSocket, over a store and a
 * message queue given by the caller (the launcher picks them from configuration). Blocking work (store, queue)
 * runs on virtual threads, never on the event loops.
 */
public final class EvaluationServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvaluationServer.class);
    private static final Duration IDLE_ENVIRONMENT_TTL = Duration.ofMinutes(10);

    private final ElsConfig config;
    private final EvaluationStore store;
    private final MessageQueue queue;
    private final ElsMetrics metrics = new ElsMetrics();
    private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("els-blocking-", 0).factory());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("els-resync").factory());
    private final ConnectionRegistry connections = new ConnectionRegistry(metrics);
    private final EnvironmentRegistry environments;
    private final JobPublisher jobs;
    private final ChangeFanout fanout;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private RealtimeConsumer consumer;
    private volatile boolean stopped;
    private final boolean closeResources;

    /** A server that closes {@code store} and {@code queue} when it stops. */
    public EvaluationServer(ElsConfig config, EvaluationStore store, MessageQueue queue) {
        this(config, store, queue, true);
    }

    /**
     * @param closeResources whether {@link #close} also closes {@code store} and {@code queue}; false when they are
     *                       shared with other services in one JVM (the standalone platform)
     */
    public EvaluationServer(ElsConfig config, EvaluationStore store, MessageQueue queue, boolean closeResources) {
        this.closeResources = closeResources;
        this.config = config;
        this.store = store;
        this.queue = queue;
        this.environments = new EnvironmentRegistry(store, blocking, metrics);
        this.jobs = new JobPublisher(queue.producer(), 100_000, 2, config.shutdownGrace(), metrics);
        this.fanout = new ChangeFanout(environments, connections, blocking, metrics, () -> {
            if (!scheduler.isShutdown()) {
                scheduler.execute(this::resync);
            }
        });
    }

    /** Binds and starts consuming changes; returns once the port is open. */
    public EvaluationServer start() throws InterruptedException {
        InsightTracker insights = new InsightTracker(jobs, Clock.systemUTC());
        SecretAuthenticator authenticator = new SecretAuthenticator(store, config.secretCacheTtl(), metrics);
        DataSyncService dataSync = new DataSyncService(environments, insights, blocking, metrics);
        StreamingUpgrade streaming = new StreamingUpgrade(new HandshakeValidator(authenticator, config.tokenExpiry(), Clock.systemUTC()),
                connections, dataSync, config.limits(), blocking, metrics);
        List<Route> routes = routes(insights);

        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        int maxBody = config.httpMaxBodyBytes();
        int httpIdleSeconds = config.raw().getInt("Http:IdleTimeoutSeconds", 120);
        int maxPending = config.limits().maxPendingBytes();
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.min(64 * 1024, maxPending / 2), maxPending))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                // HTTP only (removed on upgrade): a client that never finishes a request, or idles
                                // on keep-alive, does not hold a socket forever.
                                .addLast(StreamingUpgrade.HTTP_TIMEOUT, new ReadTimeoutHandler(httpIdleSeconds))
                                .addLast("http", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(maxBody))
                                .addLast("els-http", new HttpHandler(streaming, authenticator, routes, store, () -> true, config.cors(), blocking, metrics));
                    }
                });
        serverChannel = b.bind(config.host(), config.port()).sync().channel();

        blocking.execute(store::isAvailable); // opens the store's pool now, not on the first SDK's handshake
        consumer = queue.realtimeConsumer();
        consumer.start(fanout);
        long every = config.resyncInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::resync, every, every, TimeUnit.MILLISECONDS);
        log.info("Evaluation Server listening on {} ({}), store {}, queue {}", serverChannel.localAddress(), epoll ? "epoll" : "nio",
                config.dbProvider(), config.mqProvider());
        return this;
    }

    /** The authenticated HTTP routes; new protocols (e.g. OFREP) add theirs here. */
    private List<Route> routes(InsightTracker insights) {
        List<Route> routes = new ArrayList<>(new SdkEndpoints(environments, insights).routes());
        routes.addAll(new OfrepEndpoints(environments).routes());
        return routes;
    }

    /** Compares in-memory environments with the store now (also run periodically). */
    public void resync() {
        try {
            environments.resync(fanout, config.fullReloadEvery(), IDLE_ENVIRONMENT_TTL, connections::hasConnections);
        } catch (RuntimeException e) {
            log.warn("resync failed: {}", e.toString());
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public ElsMetrics metrics() {
        return metrics;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    /**
     * Stops in an order that loses nothing: no new connections, every socket closed with 1001 so all SDKs
     * reconnect (FeatBit's 1000 stops the Java and .NET SDKs for good, ADR 0041), change consumption stopped,
     * buffered job messages flushed to the queue, then the queue and the store closed.
     */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("Evaluation Server stopping");
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        // Close frames must be on the wire before the event loops stop: stopping closes sockets without one (1006).
        List<ChannelFuture> closing = new ArrayList<>();
        for (Connection c : connections.all()) {
            closing.add(c.close(1001, "server shutting down"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        scheduler.shutdownNow();
        if (consumer != null) {
            consumer.close();
        }
        if (workerGroup != null) {
            // Give in-flight requests (e.g. a track call) a moment to finish, then close every channel.
            workerGroup.shutdownGracefully(200, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
            bossGroup.shutdownGracefully(0, 1_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        blocking.shutdown();
        try {
            blocking.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobs.close();
        if (closeResources) {
            queue.close();
            store.close();
        }
        log.info("Evaluation Server stopped");
    }
}
