package dev.platform.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The memory backend, plus what a dev database that survives restarts needs: it knows whether
 * anything changed since the last snapshot, keeps the oplog (change streams) bounded, and names
 * itself in errors about what it lacks.
 */
final class PlatformBackend extends MemoryBackend {
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create", "createindexes",
        "dropindexes", "drop", "dropdatabase", "renamecollection", "collmod");

    private final AtomicBoolean changed = new AtomicBoolean();
    private volatile Runnable beforeClose = () -> { };

    PlatformBackend() {
        version(WireVersion.MONGO_5_0_WIRE_13);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        try {
            return Unsupported.explainWriteErrors(super.handleCommand(channel, database, command, query), command);
        } catch (RuntimeException e) {
            throw Unsupported.explain(e, command);
        } finally {
            // Marked after the write applied: a snapshot that clears the flag then sees the write.
            if (isWrite(command, query)) changed.set(true);
        }
    }

    private static boolean isWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (WRITES.contains(name)) return true;
        // An aggregate writes only through $out or $merge.
        return name.equals("aggregate") && String.valueOf(query.get("pipeline")).matches("(?s).*\\$(out|merge)\\b.*");
    }

    /** True once per change: the caller is about to write a snapshot. */
    boolean takeChanged() {
        return changed.getAndSet(false);
    }

    void markChanged() {
        changed.set(true);
    }

    List<String> databaseNames() {
        return new ArrayList<>(listDatabaseNames());
    }

    void beforeClose(Runnable action) {
        beforeClose = action;
    }

    /** The server calls this once its connections are closed: the last moment the data is complete. */
    @Override
    public void close() {
        beforeClose.run();
        super.close();
    }

    /** Drops all but the newest `keep` oplog entries; change streams only read recent ones. */
    @SuppressWarnings("unchecked")
    int trimOplog(int keep) {
        if (!listDatabaseNames().contains("local")) return 0;
        MongoCollection<Document> oplog = (MongoCollection<Document>) resolveDatabase("local").resolveCollection(OPLOG_COLLECTION_NAME, false);
        if (oplog == null || oplog.count() <= keep) return 0;
        List<BsonTimestamp> stamps = new ArrayList<>();
        for (Document entry : oplog.queryAll()) stamps.add((BsonTimestamp) entry.get("ts"));
        stamps.sort(null);
        BsonTimestamp oldestKept = stamps.get(stamps.size() - keep);
        return oplog.deleteDocuments(new Document("ts", new Document("$lt", oldestKept)), 0);
    }
}
