package dev.veloflink.connectors.table;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each table source of a job its {@link LoadSlot} while the job is built (SPEC §13.2). The limit is the global
 * job parameter {@value #MAX_PARALLEL_LOADS} ({@code velo run --max-parallel-loads}), else the application's
 * {@code @max.parallel.loads} (passed to sources as {@value #APP_MAX_PARALLEL_LOADS}), else 4. The group is an id
 * made for the job being built, kept as the global job parameter {@value #GROUP}, so every table of the job shares it.
 */
public final class TableLoadSlots {
    public static final String MAX_PARALLEL_LOADS = "max.parallel.loads";
    public static final String APP_MAX_PARALLEL_LOADS = "velo.max.parallel.loads";
    public static final String GROUP = "velo.table.load.group";

    private TableLoadSlots() {
    }

    /**
     * @param appLimit the application's {@code @max.parallel.loads} text, or null
     * @throws IllegalArgumentException when a limit is not a whole number >= 1
     */
    public static LoadSlot slot(StreamExecutionEnvironment env, String appLimit) {
        Map<String, String> parameters = new HashMap<>(env.getConfig().getGlobalJobParameters().toMap());
        String group = parameters.get(GROUP);
        if (group == null) {
            group = UUID.randomUUID().toString();
            parameters.put(GROUP, group);
            env.getConfig().setGlobalJobParameters(Configuration.fromMap(parameters));
        }
        String limit = parameters.getOrDefault(MAX_PARALLEL_LOADS, appLimit);
        return new LoadSlot(group, limit == null ? LoadSlot.DEFAULT_MAX_PARALLEL_LOADS : parse(limit), 0);
    }

    private static int parse(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("max.parallel.loads must be a whole number >= 1, not '" + text + "'");
    }
}
