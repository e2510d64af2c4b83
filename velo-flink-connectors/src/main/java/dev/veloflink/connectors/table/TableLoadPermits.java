package dev.veloflink.connectors.table;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bulk-phase permits of the tables of one job (SPEC §13.2, {@code max.parallel.loads}): a table's enumerator
 * {@link #request}s a permit before it captures its splits, and {@link #release}s it when every split has reported
 * the end of its bulk phase. Waiting tables are granted permits in {@link LoadSlot#order()}.
 *
 * <p>A registry in the JobManager process, keyed by {@link LoadSlot#group()}: split enumerators all run in the
 * JobManager (one per source, in its coordinator threads), so the tables of one job meet here even on a real cluster.
 * The group is made when the job is built, so two jobs (or two runs of one) never share permits. It is the one piece of
 * static state of the table layer and holds only who is loading; a JobManager failover loses it harmlessly, because a
 * restored enumerator whose splits were already captured does not ask for a permit again.
 */
public final class TableLoadPermits {
    private static final Logger LOG = LoggerFactory.getLogger(TableLoadPermits.class);
    private static final Map<String, Group> GROUPS = new ConcurrentHashMap<>();

    private TableLoadPermits() {
    }

    /**
     * Asks for a bulk-phase permit for {@code table}; {@code grant} runs (at once, or on a later release, on the
     * releasing thread) when the table may start. A table asks once per load.
     */
    public static void request(LoadSlot slot, String table, Runnable grant) {
        List<Runnable> granted;
        Group group = GROUPS.computeIfAbsent(slot.group(), g -> new Group());
        synchronized (group) {
            group.waiting.add(new Waiting(slot.order(), group.arrivals++, table, grant));
            granted = group.grant(slot.maxParallelLoads());
        }
        granted.forEach(Runnable::run);
    }

    /** Ends {@code table}'s bulk phase (or gives up its place while waiting), letting the next tables start. */
    public static void release(LoadSlot slot, String table) {
        Group group = GROUPS.get(slot.group());
        if (group == null) {
            return;
        }
        List<Runnable> granted;
        synchronized (group) {
            boolean wasLoading = group.loading.remove(table);
            group.waiting.removeIf(w -> w.table().equals(table));
            if (wasLoading) {
                group.finished.add(table);
            }
            granted = group.grant(slot.maxParallelLoads());
        }
        granted.forEach(Runnable::run);
    }

    /** What the group has seen: the most tables loading at once, and the tables in the order they were granted. */
    public static Stats stats(String group) {
        Group g = GROUPS.get(group);
        if (g == null) {
            return new Stats(0, List.of(), List.of());
        }
        synchronized (g) {
            return new Stats(g.mostLoading, List.copyOf(g.grantOrder), List.copyOf(g.finished));
        }
    }

    /** Forgets a group (tests, or a job that ended). */
    public static void forget(String group) {
        GROUPS.remove(group);
    }

    public record Stats(int mostLoading, List<String> grantOrder, List<String> finished) {
    }

    private record Waiting(int order, long arrival, String table, Runnable grant) {
    }

    private static final class Group {
        final PriorityQueue<Waiting> waiting = new PriorityQueue<>(
                Comparator.comparingInt(Waiting::order).thenComparingLong(Waiting::arrival));
        final Set<String> loading = new LinkedHashSet<>();
        final List<String> grantOrder = new ArrayList<>();
        final List<String> finished = new ArrayList<>();
        long arrivals;
        int mostLoading;

        /** Moves waiting tables into the free places; returns their grants, to run outside the lock. */
        List<Runnable> grant(int maxParallelLoads) {
            List<Runnable> granted = new ArrayList<>();
            while (loading.size() < maxParallelLoads && !waiting.isEmpty()) {
                Waiting next = waiting.poll();
                loading.add(next.table());
                grantOrder.add(next.table());
                mostLoading = Math.max(mostLoading, loading.size());
                LOG.info("table '{}' starts its bulk phase ({} of at most {} loading)", next.table(), loading.size(),
                        maxParallelLoads);
                granted.add(next.grant());
            }
            return granted;
        }
    }
}
