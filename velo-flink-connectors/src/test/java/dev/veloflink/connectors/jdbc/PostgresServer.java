package dev.veloflink.connectors.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests (docs: /work/shared/notes/flink-2.2-setup.md): initdb into a temp folder,
 * pg_ctl start on 127.0.0.1:55432 with its socket in the same folder, stopped and deleted by {@link #close}. The
 * server refuses to run as root, so as root it runs as the {@code postgres} user. Public for the end-to-end fault
 * tests, which stop and start it again under a running job ({@link #stop}, {@link #startAgain}).
 */
public final class PostgresServer implements AutoCloseable {
    static final int PORT = 55432;

    private final Path binaries;
    private final Path dir;
    private final boolean asPostgresUser;
    private final int port;

    private PostgresServer(Path binaries, Path dir, boolean asPostgresUser, int port) {
        this.binaries = binaries;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /** The folder holding pg_ctl and initdb, or empty when PostgreSQL is not installed. */
    public static Optional<Path> findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Optional<Path> found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.naturalOrder());
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path bin = Path.of(entry);
            if (Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("initdb"))) {
                return Optional.of(bin);
            }
        }
        return Optional.empty();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static PostgresServer start(Path binaries) throws Exception {
        return start(binaries, PORT);
    }

    /**
     * A new cluster on a free loopback port, for a test class; the class is skipped (a JUnit assumption, with the
     * reason) when the PostgreSQL server binaries are not installed.
     */
    public static PostgresServer startOnFreePort() throws Exception {
        Optional<Path> binaries = findBinaries();
        org.junit.jupiter.api.Assumptions.assumeTrue(binaries.isPresent(),
                "PostgreSQL server binaries (pg_ctl, initdb) are not installed");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return start(binaries.get(), port);
    }

    /** A new cluster serving on 127.0.0.1:{@code port}. */
    public static PostgresServer start(Path binaries, int port) throws Exception {
        boolean root = isRoot();
        Path dir = Files.createTempDirectory("velo-pg");
        Files.createDirectories(dir.resolve("sock"));
        if (root) {
            run(List.of("chown", "-R", "postgres", dir.toString()));
        }
        PostgresServer server = new PostgresServer(binaries, dir, root, port);
        server.pg(binaries.resolve("initdb") + " -D " + dir.resolve("data") + " -U velo --auth=trust");
        server.startAgain();
        return server;
    }

    /** Starts the stopped server again: same data folder, same port; returns once it accepts connections. */
    public void startAgain() throws Exception {
        pg(binaries.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -l " + dir.resolve("log") + " -o '-p "
                + port + " -k " + dir.resolve("sock") + " -c listen_addresses=127.0.0.1' -w start");
    }

    /** Stops the server at once, as an operator's fast shutdown does: open sessions are ended, their queries fail. */
    public void stop() throws Exception {
        pg(binaries.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m fast -w stop");
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void pg(String command) throws Exception {
        run(asPostgresUser ? List.of("su", "postgres", "-c", command) : List.of("sh", "-c", command));
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } catch (IllegalStateException alreadyStopped) {
            // A fault test that failed while the server was down: there is nothing left to stop.
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
