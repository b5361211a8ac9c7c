package io.toggleworks.infra.redis.testing;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Redis the tests use: the machine's at 127.0.0.1:6379, else an embedded one on a free port. Neither is a
 * failure under {@code CI=true} and a skip elsewhere. Each test run works under its own random key prefix and
 * client name, and {@link #cleanUp()} deletes its keys.
 */
public final class RedisTestServer {
    private static final String HOST = "127.0.0.1";
    private static final int MACHINE_PORT = Integer.getInteger("toggleworks.test.redis.port", 6379);
    private static int serverPort;

    private final int port;
    private final String prefix;
    private final String clientName;
    private final RedisClient admin;
    private final StatefulRedisConnection<String, String> connection;

    private RedisTestServer(int port) {
        this.port = port;
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.prefix = "tw-test-" + run + ":";
        this.clientName = "tw-test-" + run;
        this.admin = RedisClient.create(RedisURI.create(HOST, port));
        this.connection = admin.connect();
    }

    /**
     * A fresh run (own key prefix and client name) on this JVM's Redis; skips, or fails under {@code CI=true}, when
     * no Redis can be had. {@link #close()} deletes the run's keys.
     */
    public static RedisTestServer newRun() {
        synchronized (RedisTestServer.class) {
            if (serverPort == 0) {
                serverPort = findPort();
            }
        }
        return new RedisTestServer(serverPort);
    }

    private static int findPort() {
        if (reachable(MACHINE_PORT)) {
            System.out.println("Tests use the Redis at " + HOST + ":" + MACHINE_PORT);
            return MACHINE_PORT;
        }
        String problem;
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            redis.embedded.RedisServer server = new redis.embedded.RedisServer(port);
            server.start();
            System.out.println("No Redis at " + HOST + ":" + MACHINE_PORT + "; tests use an embedded Redis on port " + port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException ignored) {
                    // exiting anyway
                }
            }));
            return port;
        } catch (IOException | RuntimeException e) {
            problem = e.toString();
        }
        String message = "No Redis at " + HOST + ":" + MACHINE_PORT + " and the embedded one did not start (" + problem
                + "). Install and start one: apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        throw new IllegalStateException(message);
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1_000);
            s.getOutputStream().write("PING\r\n".getBytes());
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n > 0 && buf[0] == '+';
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** Key prefix of this run (ends with ':'). */
    public String prefix() {
        return prefix;
    }

    /** Client name our connections carry, so that {@link #killClients()} touches nobody else's. */
    public String clientName() {
        return clientName;
    }

    /** FeatBit's form of the connection string, naming the client. */
    public String connectionString() {
        return HOST + ":" + port + ",abortConnect=false,name=" + clientName;
    }

    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** FeatBit's form of the connection string, naming the client {@code <run name>-<suffix>}. */
    public String connectionString(String nameSuffix) {
        return HOST + ":" + port + ",abortConnect=false,name=" + clientName + "-" + nameSuffix;
    }

    /** Drops every connection of this run, as a server restart or failover would. Returns how many. */
    public int killClients() {
        return killClients(clientName);
    }

    /** Drops the connections of this run whose client name starts with {@code namePrefix}. */
    public int killClients(String namePrefix) {
        int killed = 0;
        for (String line : commands().clientList().split("\n")) {
            String id = null;
            String name = null;
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("id=")) {
                    id = field.substring(3);
                } else if (field.startsWith("name=")) {
                    name = field.substring(5);
                }
            }
            if (id != null && name != null && name.startsWith(namePrefix)) {
                try {
                    killed += commands().clientKill(KillArgs.Builder.id(Long.parseLong(id))).intValue();
                } catch (RuntimeException e) {
                    // already gone
                }
            }
        }
        return killed;
    }

    /** Deletes every key of this run. */
    public void cleanUp() {
        List<String> doomed = new ArrayList<>();
        ScanIterator<String> it = ScanIterator.scan(commands(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        while (it.hasNext()) {
            doomed.add(it.next());
            if (doomed.size() >= 500) {
                commands().del(doomed.toArray(String[]::new));
                doomed.clear();
            }
        }
        if (!doomed.isEmpty()) {
            commands().del(doomed.toArray(String[]::new));
        }
    }

    public void close() {
        cleanUp();
        connection.close();
        admin.shutdown();
    }
}
