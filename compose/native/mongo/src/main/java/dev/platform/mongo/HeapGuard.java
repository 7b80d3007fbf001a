package dev.platform.mongo;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * The data lives in the JVM's heap. Near its end, writes that can add data are refused with the
 * error MongoDB gives for a full disk (OutOfDiskSpace), instead of the JVM failing with an
 * OutOfMemoryError: that would lose the writes since the last snapshot, and a snapshot too big for
 * the heap could not be restored. Reads, deletes and drops still work, so a user can make room.
 */
final class HeapGuard {
    private static final int OUT_OF_DISK_SPACE = 14031;
    /** Writes that can make the data bigger (an aggregate only reaches here with $out or $merge); delete and drop make room. */
    private static final Set<String> GROWING = Set.of("insert", "update", "findandmodify", "create", "createindexes", "renamecollection", "aggregate");
    /** At most one full collection this often, to tell live data from garbage not yet collected. */
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final double limit;
    private final Runtime runtime = Runtime.getRuntime();
    private long collectedAt = System.nanoTime() - RECHECK_NANOS;
    private volatile boolean armed;

    /** {@code limit}: the share of the maximum heap the data may fill, e.g. 0.9. */
    HeapGuard(double limit) {
        this.limit = limit;
    }

    void arm() {
        armed = true;
    }

    /** Called before a write command runs: throws when it could add data and the heap is nearly full. */
    void check(String command) {
        if (!armed || !GROWING.contains(command.toLowerCase(Locale.ROOT)) || !over()) return;
        synchronized (this) {
            // Most of what is "used" may be garbage: collect once, then decide on what stays.
            if (over() && System.nanoTime() - collectedAt > RECHECK_NANOS) {
                System.gc();
                collectedAt = System.nanoTime();
            }
        }
        if (!over()) return;
        throw new MongoServerError(OUT_OF_DISK_SPACE, "OutOfDiskSpace", String.format(Locale.ROOT,
            "the native database is full: its data fills %d of the %d MB it may use (%s keeps all data in memory), so this %s was refused."
                + " Delete or drop data, or run `platform down --volumes` to start empty; for more data, put mongod on PATH or use --mongo-url",
            usedBytes() >> 20, limitBytes() >> 20, Engine.NAME, command));
    }

    /** Heap figures for serverStatus: what `platform doctor` shows. */
    Document status() {
        return new Document("usedMB", usedBytes() >> 20).append("limitMB", limitBytes() >> 20).append("maxMB", runtime.maxMemory() >> 20);
    }

    private boolean over() {
        return usedBytes() > limitBytes();
    }

    private long usedBytes() {
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private long limitBytes() {
        return (long) (runtime.maxMemory() * limit);
    }
}
