package dev.veloflink.cli;

import dev.veloflink.coordinator.cluster.ClusterException;
import dev.veloflink.coordinator.cluster.ClusterJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Lists the velo jobs of a Flink cluster, newest first: application, statements, state, start "
                + "time (UTC) and job id.")
final class JobsCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Mixin
    ClusterOption clusterOption = new ClusterOption();

    @Override
    public Integer call() {
        try (ClusterJobs jobs = ClusterJobs.connect(clusterOption.target())) {
            List<ClusterJobs.JobRow> rows = jobs.list();
            System.out.println(String.join("\t", "APPLICATION", "STATEMENTS", "STATE", "STARTED", "JOB ID"));
            for (ClusterJobs.JobRow row : rows) {
                System.out.println(String.join("\t", row.application(), String.join(",", row.statements()),
                        row.state().name(), TIME.format(Instant.ofEpochMilli(row.startTime())), row.id().toString()));
            }
            return 0;
        } catch (ClusterException | IllegalArgumentException e) {
            System.err.println("velo: " + e.getMessage());
            return 1;
        }
    }
}
