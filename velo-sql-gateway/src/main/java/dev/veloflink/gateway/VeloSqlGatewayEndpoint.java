package dev.veloflink.gateway;

import dev.veloflink.session.VeloEngine;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.api.endpoint.SqlGatewayEndpoint;
import org.apache.flink.table.gateway.rest.SqlGatewayRestEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Flink's SQL Gateway REST endpoint over the velo service; stopping it also stops the engine's embedded cluster.
 * (A wrapper, not a subclass: the REST endpoint's {@code start()} is final.)
 *
 * <p>It starts serving once the engine's embedded cluster is warm ({@link VeloEngine#awaitWarmUp}): a client can
 * connect as soon as its first query is as fast as any later one. Measured (docs/performance.md): a first query sent
 * while the cluster was still starting took 5-19 s, against about 1 s warm. The wait is bounded; a warm-up that takes
 * longer (or fails) does not keep the gateway from serving.
 */
final class VeloSqlGatewayEndpoint implements SqlGatewayEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(VeloSqlGatewayEndpoint.class);
    static final Duration WARM_UP_WAIT = Duration.ofSeconds(120);

    private final SqlGatewayRestEndpoint rest;
    private final VeloEngine engine;

    VeloSqlGatewayEndpoint(Configuration rest, VeloSqlGatewayService service, VeloEngine engine) throws Exception {
        this.rest = new SqlGatewayRestEndpoint(rest, service);
        this.engine = engine;
    }

    @Override
    public void start() throws Exception {
        long waitStart = System.nanoTime();
        Optional<String> warm = engine.awaitWarmUp(WARM_UP_WAIT);
        rest.start();
        String line = "velo gateway: ready at " + rest.getRestBaseUrl() + " (" + (warm.isPresent() ? "warm-up" : engine.cluster().describe())
                + warm.map(summary -> ": " + summary + "; waited " + (System.nanoTime() - waitStart) / 1_000_000
                        + " ms for it").orElse("") + ")";
        LOG.info(line);
        System.err.println(line);
    }

    @Override
    public void stop() throws Exception {
        try {
            rest.stop();
        } finally {
            engine.close();
        }
    }
}
