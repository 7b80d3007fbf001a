package dev.platform.mongo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * The data lives in the JVM's heap. Near its end, writes that can add data are refused with the
 * error MongoDB gives for a full disk (OutOfDiskSpace), instead of the JVM failing with an
 * OutOfMemoryError: that would lose the writes since the last snapshot, and a snapshot too big for
 * the heap could not be restored. Reads, deletes and drops still work, so a user can make room.
 *
 * What counts is the heap in use after the latest collection (the data, not the garbage that a
 * busy server makes between collections), so a database far from full never pays for a check.
 */
final class HeapGuard {
    private static final int OUT_OF_DISK_SPACE = 14031;
    /** The writes that make room, which stay allowed; every other write (PlatformBackend.isWrite) may add data. */
    private static final Set<String> FREEING = Set.of("delete", "drop", "dropdatabase", "dropindexes");
    /** Near the limit, at most one full collection this often, to tell the data from old garbage. */
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final double limit;
    private final Runtime runtime = Runtime.getRuntime();
    /** Bytes in use after the latest collection, young or full; 0 before the first. */
    private volatile long afterGc;
    private long collectedAt = System.nanoTime() - RECHECK_NANOS;
    private volatile boolean armed;

    /** {@code limit}: the share of the maximum heap the data may fill, e.g. 0.9. */
    HeapGuard(double limit) {
        this.limit = limit;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(collector instanceof NotificationEmitter emitter)) continue;
            emitter.addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
                long used = 0;
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                for (MemoryUsage pool : info.getGcInfo().getMemoryUsageAfterGc().values()) used += pool.getUsed();
                afterGc = used;
            }, null, null);
        }
    }

    /** Not while a snapshot is restored: what was stored is loaded whole. */
    void arm() {
        armed = true;
    }

    /** Called before a write command runs: throws when it could add data and the data nearly fills the heap. */
    void check(String command) {
        if (!armed || afterGc <= limitBytes() || FREEING.contains(command.toLowerCase(Locale.ROOT))) return;
        synchronized (this) {
            // Old garbage not collected yet may be most of it: collect everything once, then decide.
            if (afterGc > limitBytes() && System.nanoTime() - collectedAt > RECHECK_NANOS) {
                System.gc();
                afterGc = runtime.totalMemory() - runtime.freeMemory();
                collectedAt = System.nanoTime();
            }
        }
        if (afterGc <= limitBytes()) return;
        throw new MongoServerError(OUT_OF_DISK_SPACE, "OutOfDiskSpace", String.format(Locale.ROOT,
            "the native database is full: its data fills %d of the %d MB it may use (%s keeps all data in memory), so this %s was refused."
                + " Delete or drop data, or run `platform down --volumes` to start empty; for more data, put mongod on PATH or use --mongo-url",
            afterGc >> 20, limitBytes() >> 20, Engine.NAME, command));
    }

    /** Heap figures for serverStatus: what `platform doctor` shows. */
    Document status() {
        long data = afterGc > 0 ? afterGc : runtime.totalMemory() - runtime.freeMemory();
        return new Document("usedMB", data >> 20).append("limitMB", limitBytes() >> 20).append("maxMB", runtime.maxMemory() >> 20);
    }

    private long limitBytes() {
        return (long) (runtime.maxMemory() * limit);
    }
}
