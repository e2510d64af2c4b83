package dev.veloflink.planner.run;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * The addresses an embedded Flink cluster listens on: this machine only. Flink's defaults bind its REST endpoint (which
 * can cancel jobs and upload jars) and its blob server to every interface; velo's embedded clusters ({@code velo run},
 * the SQL session's MiniCluster) serve the user's own machine, so they bind 127.0.0.1 (issue 16 item 5,
 * {@code LoopbackBindingIT} checks every listening socket of a running {@code velo run}).
 */
public final class LoopbackOnly {
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackOnly() {
    }

    /** Sets the REST endpoint, blob server and TaskManager data server of {@code configuration} to loopback. */
    public static Configuration restrict(Configuration configuration) {
        configuration.set(RestOptions.ADDRESS, LOOPBACK);
        configuration.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        // The blob server binds jobmanager.bind-host, the TaskManager's data server taskmanager.bind-host.
        configuration.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        return configuration;
    }
}
