package dev.veloflink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The peak heap use while a job runs. Sampling the used heap every few milliseconds misses short peaks between a
 * sample and a collection, so it also reads the heap pools' own peak counters (reset before each job), which the GC
 * maintains exactly. The pools peak at different moments, so their sum can overstate the peak a little; the report
 * takes the larger of the sampled maximum and that sum: an upper bound that never misses a peak.
 */
final class HeapSampler implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 5;

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long sampledMax;

    HeapSampler() {
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        var memory = ManagementFactory.getMemoryMXBean();
        thread = new Thread(() -> {
            while (running) {
                long used = memory.getHeapMemoryUsage().getUsed();
                if (used > sampledMax) {
                    sampledMax = used;
                }
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The peak heap in bytes since this sampler started. */
    long peakBytes() {
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            poolPeaks += pool.getPeakUsage().getUsed();
        }
        return Math.max(sampledMax, poolPeaks);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
