package dev.veloflink.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;

/**
 * Flink's Prometheus reporter ({@code PrometheusReporter}), serving on one address instead of every interface. Flink's
 * binds {@code new InetSocketAddress(port)}, so a laptop's TaskManager offered its metrics to the whole network; this
 * one binds {@code host} (velo's default 127.0.0.1, SPEC-free choice recorded in docs/cluster.md), trying the ports of
 * the range in order as Flink's does.
 */
final class BoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;

    BoundPrometheusReporter(String host, PortRange ports) {
        CollectorRegistry registry = registryOf(this);
        Iterator<Integer> candidates = ports.getPortsIterator();
        HTTPServer started = null;
        int port = -1;
        while (started == null && candidates.hasNext()) {
            port = candidates.next();
            try {
                started = new HTTPServer(new InetSocketAddress(host, port), registry);
            } catch (IOException taken) {
                log.debug("Prometheus port {}:{} is taken; trying the next one", host, port, taken);
            }
        }
        if (started == null) {
            throw new IllegalStateException("cannot serve Prometheus metrics on " + host + " at any port of " + ports);
        }
        this.server = started;
        log.info("Prometheus metrics served at http://{}:{}/metrics", host, port);
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }

    /**
     * Flink's reporter keeps its registry in a package-private field and offers no way to add a collector to what its
     * HTTP server serves; this reads that one field (Flink 2.2.0, pinned in the parent pom; a test scrapes a real
     * reporter, so a Flink upgrade that renames it fails there).
     */
    static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
        try {
            Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(reporter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("velo's Prometheus reporter does not fit this flink-metrics-prometheus "
                    + "(built for Flink 2.2.0): " + e, e);
        }
    }
}
