package dev.veloflink.gateway;

import dev.veloflink.session.FlinkCluster;
import dev.veloflink.session.VeloEngine;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.api.endpoint.SqlGatewayEndpoint;
import org.apache.flink.table.gateway.api.endpoint.SqlGatewayEndpointFactory;
import org.apache.flink.table.gateway.rest.SqlGatewayRestEndpointFactory;
import org.apache.flink.table.gateway.rest.util.SqlGatewayRestOptions;
import org.apache.flink.table.gateway.service.SqlGatewayServiceImpl;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code velo} SQL Gateway endpoint ({@code sql-gateway.endpoint.type: velo}), found by Flink's factory discovery
 * (META-INF/services). It serves Flink's own SQL Gateway REST protocol with Flink's own handlers, so the stock Flink
 * SQL client connects to it in gateway mode; only the service behind the handlers changes: statements are Velo SQL
 * ({@link VeloSqlGatewayService}). Options, under {@code sql-gateway.endpoint.velo.}: {@code address} (default
 * 127.0.0.1), {@code port} (default 8083), {@code bind-address} (default the address), {@code bind-port} as for the
 * rest endpoint; {@code cluster} (a Flink REST address; default an
 * embedded MiniCluster), {@code slots} (of the embedded cluster) and {@code work-dir} (where relative paths in
 * statements resolve; default the gateway's working directory).
 */
public final class VeloEndpointFactory implements SqlGatewayEndpointFactory {
    public static final String IDENTIFIER = "velo";

    static final ConfigOption<String> CLUSTER = ConfigOptions.key("cluster").stringType().noDefaultValue()
            .withDescription("The REST address of the Flink cluster that runs the jobs; default: an embedded one.");
    static final ConfigOption<Integer> SLOTS = ConfigOptions.key("slots").intType().defaultValue(16)
            .withDescription("Task slots of the embedded cluster: each running statement takes at least one.");
    static final ConfigOption<String> WORK_DIR = ConfigOptions.key("work-dir").stringType().noDefaultValue()
            .withDescription("The folder relative paths in statements resolve against.");

    @Override
    public SqlGatewayEndpoint createSqlGatewayEndpoint(Context context) {
        Map<String, String> options = new HashMap<>(context.getEndpointOptions());
        Configuration velo = Configuration.fromMap(options);
        // The rest endpoint's own options are read by Flink's code; ours are not rest options, so they stay out.
        options.keySet().removeAll(Set.of(CLUSTER.key(), SLOTS.key(), WORK_DIR.key()));
        // Flink's rest endpoint needs an address; velo's default is loopback only, as its other servers are.
        options.putIfAbsent(SqlGatewayRestOptions.ADDRESS.key(), "127.0.0.1");
        options.putIfAbsent(SqlGatewayRestOptions.BIND_ADDRESS.key(), options.get(SqlGatewayRestOptions.ADDRESS.key()));
        Configuration rest = SqlGatewayRestEndpointFactory.rebuildRestEndpointOptions(options,
                context.getFlinkConfiguration().toMap());
        FlinkCluster cluster = velo.getOptional(CLUSTER).map(FlinkCluster::at)
                .orElseGet(() -> FlinkCluster.embedded(velo.get(SLOTS)));
        Path workDir = velo.getOptional(WORK_DIR).map(Path::of).orElse(Path.of(""));
        VeloEngine engine = new VeloEngine(cluster, workDir);
        engine.warmUpInBackground();
        if (!(context.getSqlGatewayService() instanceof SqlGatewayServiceImpl stock)) {
            throw new IllegalStateException("the velo endpoint runs inside Flink's SqlGateway, whose service is "
                    + "SqlGatewayServiceImpl; got " + context.getSqlGatewayService().getClass().getName());
        }
        try {
            return new VeloSqlGatewayEndpoint(rest, new VeloSqlGatewayService(stock, engine), engine);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the velo endpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SqlGatewayRestOptions.ADDRESS, SqlGatewayRestOptions.BIND_ADDRESS, SqlGatewayRestOptions.PORT,
                SqlGatewayRestOptions.BIND_PORT, CLUSTER, SLOTS, WORK_DIR);
    }
}
