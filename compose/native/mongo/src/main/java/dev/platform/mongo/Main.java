package dev.platform.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The platform's native database: mongo-java-server's memory backend on 127.0.0.1, with the oplog on
 * (change streams) and the data kept on disk as a snapshot plus a journal of changed documents
 * (see Snapshots), restored at start, saved every few seconds after a change (less often when
 * saving takes long: see nextSnapshotDelayMs), and saved once more on a graceful stop (SIGTERM).
 *
 * Usage: Main --port 27017 --data-dir <dir> [--snapshot-every-ms 2000] [--oplog-keep 20000] [--heap-limit 0.9]
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // Before the first logger exists. Every failed command (a duplicate key included) would
        // otherwise log a stack trace: the client gets the error, the log gets warnings only.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoDatabaseHandler", "off");
        System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler", "off");
        // Logs every connection-level exception as an ERROR with a stack trace, then closes the
        // connection: nearly always "Connection reset" from a client that went away without closing
        // (a killed service, Ctrl-C on the CLI), which made `platform logs mongo` look broken when
        // nothing was. The client, if it is still there, sees the closed connection.
        System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoExceptionHandler", "off");
        System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.backend.AbstractMongoDatabase", "error");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("platform-mongo: " + e.getMessage());
            System.err.println("usage: Main --port <port> --data-dir <dir> [--snapshot-every-ms 2000] [--oplog-keep 20000] [--heap-limit 0.9]");
            System.exit(2);
            return;
        }
        Files.createDirectories(options.dataDir());
        Snapshots snapshots = new Snapshots(options.dataDir().resolve("snapshot.bson"));
        PlatformBackend backend = new PlatformBackend(options.heapLimit());

        long started = System.nanoTime();
        Snapshots.Summary restored;
        try {
            restored = snapshots.restore(backend);
        } catch (IOException | RuntimeException e) {
            System.err.println("platform-mongo: cannot restore " + snapshots.file() + ": " + e);
            System.err.println("fix: move that file away (or run `platform down --volumes` to start from empty data)");
            System.exit(1);
            return;
        }
        backend.guardHeap();
        backend.beforeClose(() -> saveIfChanged(backend, snapshots, "on stop"));

        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        server.bind("127.0.0.1", options.port());

        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "platform-snapshots");
            t.setDaemon(true);
            return t;
        });
        Runnable snapshotLoop = new Runnable() {
            @Override
            public void run() {
                long started = System.nanoTime();
                backend.trimOplog(options.oplogKeep());
                saveIfChanged(backend, snapshots, null);
                if (!every.isShutdown()) every.schedule(this, nextSnapshotDelayMs(options.snapshotEveryMs(), System.nanoTime() - started), TimeUnit.MILLISECONDS);
            }
        };
        every.schedule(snapshotLoop, options.snapshotEveryMs(), TimeUnit.MILLISECONDS);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            every.shutdownNow();
            try {
                every.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Closes the listener and every connection, then the backend, which writes the last snapshot.
            server.shutdownNow();
            System.out.println("stopped; the data is in " + snapshots.file().getParent());
        }, "platform-shutdown"));

        System.out.printf("%s listening on 127.0.0.1:%d (wire version %d); restored %d documents in %d collections from %s in %d ms; saves every %d ms%n",
            Engine.NAME, options.port(), WireVersion.MONGO_5_0_WIRE_13.getWireVersion(), restored.documents(), restored.collections(),
            snapshots.file().getParent(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), options.snapshotEveryMs());
    }

    /**
     * The configured interval, stretched when a snapshot takes long (a large database under
     * constant writes): snapshots then use at most a tenth of one core instead of competing with
     * the requests for it.
     */
    static long nextSnapshotDelayMs(long everyMs, long tookNanos) {
        return Math.max(everyMs, 9 * TimeUnit.NANOSECONDS.toMillis(tookNanos));
    }

    /**
     * Appends the changed documents to the journal; a full snapshot instead when collections or
     * indexes changed, or the journal cannot take them (see Snapshots.needsSnapshot).
     */
    private static void saveIfChanged(PlatformBackend backend, Snapshots snapshots, String when) {
        // A snapshot that is due is written even when nothing changed since: the journal that made it
        // due (a long one, a torn one, one of removals) would otherwise be replayed at every start.
        if (!backend.takeChanged() && !snapshots.needsSnapshot()) return;
        boolean structural = backend.takeStructural();
        String what = "journal entry";
        try {
            long started = System.nanoTime();
            Snapshots.Summary written = structural ? null : snapshots.append(backend);
            if (written == null) {
                what = "snapshot";
                written = snapshots.write(backend);
            }
            if (when != null) {
                System.out.printf("%s %s: %d documents in %d collections, %d bytes, %d ms%n", what, when, written.documents(), written.collections(),
                    written.bytes(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        } catch (IOException | RuntimeException e) {
            // Try again next time, as a full snapshot (Snapshots knows it must); the files on disk are still whole.
            backend.markChanged();
            if (structural) backend.markStructural();
            System.err.println("platform-mongo: saving the data to " + snapshots.file().getParent() + " (" + what + ") failed: " + e);
        }
    }

    /** heapLimit: the share of the heap the data may fill before writes are refused (see HeapGuard). */
    record Options(int port, Path dataDir, long snapshotEveryMs, int oplogKeep, double heapLimit) {
        static Options parse(String[] args) {
            Integer port = null;
            Path dataDir = null;
            long every = 2000;
            int keep = 20_000;
            double heapLimit = 0.9;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) throw new IllegalArgumentException(args[i] + " needs a value");
                switch (args[i]) {
                    case "--port" -> port = Integer.valueOf(value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--snapshot-every-ms" -> every = Long.parseLong(value);
                    case "--oplog-keep" -> keep = Integer.parseInt(value);
                    case "--heap-limit" -> heapLimit = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (port == null || dataDir == null) throw new IllegalArgumentException("--port and --data-dir are required");
            if (!(heapLimit > 0 && heapLimit < 1)) throw new IllegalArgumentException("--heap-limit must be between 0 and 1, e.g. 0.9");
            return new Options(port, dataDir, every, keep, heapLimit);
        }
    }
}
