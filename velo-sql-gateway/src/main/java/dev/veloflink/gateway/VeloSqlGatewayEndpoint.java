package dev.veloflink.gateway;

import dev.veloflink.session.VeloEngine;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.rest.SqlGatewayRestEndpoint;

/** Flink's SQL Gateway REST endpoint over the velo service; stopping it also stops the engine's embedded cluster. */
final class VeloSqlGatewayEndpoint extends SqlGatewayRestEndpoint {
    private final VeloEngine engine;

    VeloSqlGatewayEndpoint(Configuration rest, VeloSqlGatewayService service, VeloEngine engine) throws Exception {
        super(rest, service);
        this.engine = engine;
    }

    @Override
    public void stop() throws Exception {
        try {
            super.stop();
        } finally {
            engine.close();
        }
    }
}
