package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The global job parameters every velo job carries, however it was started (velo run, velo submit, flink run with
 * the dist jar): its application and statements. They tell velo jobs from other jobs of a cluster ({@code velo jobs})
 * and name their statements.
 */
public final class VeloJobParameters {
    /** The application a velo job runs (its job name too). */
    public static final String APPLICATION = "velo.application";
    /** The application's statements, comma-separated, in order. */
    public static final String STATEMENTS = "velo.statements";

    private VeloJobParameters() {
    }

    /** Adds the parameters of {@code app}, running {@code plans}, to those {@code env} already has. */
    static void addTo(StreamExecutionEnvironment env, LoadedApplication app, List<StatementPlan> plans) {
        Map<String, String> parameters = new HashMap<>(env.getConfig().getGlobalJobParameters().toMap());
        parameters.put(APPLICATION, app.appName());
        parameters.put(STATEMENTS, String.join(",", plans.stream().map(StatementPlan::jobName).toList()));
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, parameters);
        env.configure(configuration);
    }
}
