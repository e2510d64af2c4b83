package dev.veloflink.session;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Flink job a session started: a CREATE (kind {@code stream} or {@code table}) or a query. {@code owner} is the
 * session that started it, so that session's {@code quit} can stop it.
 */
public final class SessionJob {
    private final String name;
    private final String kind;
    private final JobClient client;
    private final String owner;
    private final AtomicReference<String> savepoint = new AtomicReference<>();

    SessionJob(String name, String kind, JobClient client, String owner) {
        this.name = name;
        this.kind = kind;
        this.client = client;
        this.owner = owner;
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public String jobId() {
        return client.getJobID().toString();
    }

    public String owner() {
        return owner;
    }

    JobClient client() {
        return client;
    }

    void stoppedWith(String savepointPath) {
        savepoint.set(savepointPath);
    }

    /** RUNNING, FINISHED, STOPPED (with a savepoint), CANCELED, FAILED, or the Flink status when it is another. */
    public String status() {
        JobStatus status;
        try {
            status = client.getJobStatus().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return savepoint.get() != null ? "STOPPED" : "UNKNOWN";
        }
        if (status == JobStatus.FINISHED && savepoint.get() != null) {
            return "STOPPED";
        }
        return switch (status) {
            case INITIALIZING, CREATED, RECONCILING -> "STARTING";
            case RUNNING, RESTARTING -> "RUNNING";
            case FAILING, FAILED -> "FAILED";
            case CANCELLING, CANCELED -> "CANCELED";
            case FINISHED -> "FINISHED";
            case SUSPENDED -> "SUSPENDED";
        };
    }

    /** Empty while the job runs (or its status is not known), else whether it finished (true) or failed. */
    java.util.Optional<Boolean> ended() {
        return switch (status()) {
            case "FINISHED" -> java.util.Optional.of(true);
            case "FAILED", "CANCELED", "STOPPED" -> java.util.Optional.of(false);
            default -> java.util.Optional.empty();
        };
    }

    boolean isActive() {
        String status = status();
        return status.equals("RUNNING") || status.equals("STARTING");
    }
}
