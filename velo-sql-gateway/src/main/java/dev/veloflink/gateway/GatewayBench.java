package dev.veloflink.gateway;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.gateway.SqlGateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code velo gateway bench [--rounds N] [--fresh N]}: measures Flink's SqlGateway with the velo endpoint (embedded
 * MiniCluster, loopback) over its REST protocol, as a client sees it:
 * <ul>
 *   <li>a statement's round trip, validate + plan without a job ({@code EXPLAIN SELECT ...} over a file): submit,
 *       then fetch until the result is there; the median and p90 of N rounds after a warm-up (gateway in this
 *       process);</li>
 *   <li>the time from submitting {@code SELECT ... LIMIT 10} over a file to the first fetched row: the first query
 *       of that gateway and the median of the next five;</li>
 *   <li>with {@code --fresh N} (default 5): N times a fresh gateway process ({@code velo gateway start} with this
 *       JVM's options and class path): the time from its start until it serves, then the first query's time to its
 *       first row as soon as it serves, and the second query's; medians over the N starts.</li>
 * </ul>
 */
public final class GatewayBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private GatewayBench(int port) {
        this.base = "http://127.0.0.1:" + port + "/v1";
    }

    public static void main(String[] args) throws Exception {
        int rounds = 100;
        int fresh = 5;
        String usage = "usage: velo gateway bench [--rounds N] [--fresh N]";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(usage);
                return;
            }
            boolean valued = i + 1 < args.length && args[i + 1].matches("[0-9]+");
            if (args[i].equals("--rounds") && valued) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--fresh") && valued) {
                fresh = Integer.parseInt(args[++i]);
            } else {
                // One line, no stack trace (issue 13 item 14): the options are few, say them.
                System.err.println("velo gateway bench: unknown or incomplete option '" + args[i] + "'; " + usage);
                System.exit(2);
                return;
            }
        }
        Path dir = Files.createTempDirectory("velo-gateway-bench");
        StringBuilder orders = new StringBuilder("order_id,customer,amount\n");
        for (int i = 1; i <= 10_000; i++) {
            orders.append(i).append(",customer_").append(i % 97).append(',').append(i % 1000).append(".25\n");
        }
        Files.writeString(dir.resolve("orders.csv"), orders);
        int port = freePort();
        Thread gateway = new Thread(() -> SqlGateway.main(new String[] {
                "-Dsql-gateway.endpoint.type=velo", "-Dsql-gateway.endpoint.velo.port=" + port,
                "-Dsql-gateway.endpoint.velo.work-dir=" + dir}), "sql-gateway");
        gateway.setDaemon(true);
        gateway.start();
        GatewayBench bench = new GatewayBench(port);
        bench.awaitReady(gateway::isAlive);
        String session = bench.post("/sessions", Map.of()).get("sessionHandle").asText();
        String with = WITH;

        String explain = "EXPLAIN SELECT customer, amount * 2 AS doubled FROM orders WHERE amount > 100" + with;
        for (int i = 0; i < 20; i++) {
            bench.roundTrip(session, explain, false);
        }
        List<Long> trips = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            trips.add(bench.roundTrip(session, explain, false));
        }
        Collections.sort(trips);
        System.out.printf("statement round trip (EXPLAIN: validate + plan, no job), %d rounds: median %.1f ms, "
                + "p90 %.1f ms, min %.1f ms%n", rounds, ms(trips.get(rounds / 2)), ms(trips.get(rounds * 9 / 10)),
                ms(trips.get(0)));

        String query = QUERY;
        long first = bench.roundTrip(session, query, true);
        List<Long> warm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            warm.add(bench.roundTrip(session, query, true));
        }
        Collections.sort(warm);
        System.out.printf("SELECT ... LIMIT 10 over a file, submit to first row: first query of this gateway %.0f "
                + "ms, then median %.0f ms of 5%n", ms(first), ms(warm.get(2)));
        freshGateways(fresh, dir);
        System.exit(0);
    }

    private static final String WITH = " WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv')";
    private static final String QUERY = "SELECT order_id, customer, amount FROM orders LIMIT 10" + WITH;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code rounds} fresh gateway processes, one after the other: each is started as {@code velo gateway start}
     * would be (this JVM's options and class path), its first query is sent the moment it serves.
     */
    private static void freshGateways(int rounds, Path dir) throws Exception {
        if (rounds <= 0) {
            return;
        }
        List<Long> ready = new ArrayList<>();
        List<Long> firstRows = new ArrayList<>();
        List<Long> secondRows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int port = freePort();
            Path log = dir.resolve("gateway-" + round + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), GatewayMain.class.getName(),
                    "start", "--port", String.valueOf(port), "--work-dir", dir.toString()));
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            try {
                GatewayBench bench = new GatewayBench(port);
                bench.awaitReady(process::isAlive);
                long served = System.nanoTime() - start;
                String session = bench.post("/sessions", Map.of()).get("sessionHandle").asText();
                long first = bench.roundTrip(session, QUERY, true);
                long second = bench.roundTrip(session, QUERY, true);
                ready.add(served);
                firstRows.add(first);
                secondRows.add(second);
                String readyLine = Files.readAllLines(log).stream().filter(l -> l.startsWith("velo gateway: ready"))
                        .findFirst().orElse("(no ready line)");
                System.out.printf("fresh gateway %d: serving after %.0f ms, first query's first row %.0f ms, second "
                        + "query's %.0f ms  [%s]%n", round, ms(served), ms(first), ms(second), readyLine);
            } finally {
                process.destroy();
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
        Collections.sort(ready);
        Collections.sort(firstRows);
        Collections.sort(secondRows);
        System.out.printf("fresh gateways, median of %d: serving after %.0f ms; first query of the fresh gateway, "
                + "submit to first row %.0f ms (min %.0f, max %.0f); second query %.0f ms%n", rounds,
                ms(median(ready)), ms(median(firstRows)), ms(firstRows.get(0)), ms(firstRows.get(rounds - 1)),
                ms(median(secondRows)));
    }

    private static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private void awaitReady(java.util.function.BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/info")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the gateway did not start (see above or its log) within 180 s");
    }

    /** Submits a statement and fetches until its result (or, for a query, its first row) is there; nanoseconds. */
    private long roundTrip(String session, String statement, boolean firstRow) throws Exception {
        long start = System.nanoTime();
        String operation = post("/sessions/" + session + "/statements", Map.of("statement", statement))
                .get("operationHandle").asText();
        String next = "/sessions/" + session + "/operations/" + operation + "/result/0";
        long elapsed;
        while (true) {
            JsonNode result = get(next);
            String type = result.get("resultType").asText();
            if (type.equals("PAYLOAD") && (!firstRow || result.at("/results/data").size() > 0)) {
                elapsed = System.nanoTime() - start;
                break;
            }
            if (type.equals("EOS")) {
                throw new IllegalStateException("no row came back for: " + statement);
            }
            if (result.hasNonNull("nextResultUri") && type.equals("PAYLOAD")) {
                next = result.get("nextResultUri").asText().replaceFirst("^/v\\d+", "");
            }
            Thread.sleep(1);
        }
        http.send(HttpRequest.newBuilder(URI.create(base + "/sessions/" + session + "/operations/" + operation
                + "/close")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        return elapsed;
    }

    private JsonNode post(String path, Map<String, String> body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
