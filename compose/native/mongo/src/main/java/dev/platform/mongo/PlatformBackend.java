package dev.platform.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.NamespaceExistsException;
import io.netty.channel.Channel;

/**
 * The memory backend, plus what a dev database that survives restarts needs: it knows whether
 * anything changed since the last snapshot, keeps the oplog (change streams) bounded, and names
 * itself in errors about what it lacks.
 */
final class PlatformBackend extends MemoryBackend {
    private static final Set<String> DOCUMENT_WRITES = Set.of("insert", "update", "delete", "findandmodify");
    /** Writes to collections and indexes themselves: the journal holds documents only, so these need a full snapshot. */
    private static final Set<String> STRUCTURE_WRITES = Set.of("create", "createindexes", "dropindexes", "drop", "dropdatabase",
        "renamecollection", "collmod");

    /** Server-internal databases: the oplog and sessions do not outlive the process, as on a restarted mongod without a replica set. */
    static final Set<String> INTERNAL_DATABASES = Set.of("local", "admin", "config");

    private final AtomicBoolean changed = new AtomicBoolean();
    private final AtomicBoolean structureChanged = new AtomicBoolean();
    private final HeapGuard heap;
    private volatile Runnable beforeClose = () -> { };

    PlatformBackend(double heapLimit) {
        version(WireVersion.MONGO_5_0_WIRE_13);
        heap = new HeapGuard(heapLimit);
    }

    /** Every database's collections read through their indexes (see KeyedCollection); only the saved ones track changes. */
    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new KeyedCollection.Database(databaseName, getCursorRegistry(), !INTERNAL_DATABASES.contains(databaseName));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        boolean structural = isStructureWrite(command, query);
        boolean write = structural || DOCUMENT_WRITES.contains(command.toLowerCase(Locale.ROOT));
        Document reply = null;
        RuntimeException failure = null;
        try {
            if (write) heap.check(command);
            reply = Unsupported.explainWriteErrors(super.handleCommand(channel, database, command, query), command);
            // Lets clients (the CLI's error messages among them) tell this engine from a mongod 5.0.
            if (command.equalsIgnoreCase("buildinfo")) reply.put("platformEngine", Engine.NAME);
            if (command.equalsIgnoreCase("serverStatus")) reply.put("platformHeap", heap.status());
            if (command.equalsIgnoreCase("getMore") || command.equalsIgnoreCase("aggregate")) fixUpdateEvents(reply);
            return reply;
        } catch (RuntimeException e) {
            failure = e;
            throw Unsupported.explain(e, command);
        } finally {
            // Marked after the write applied: a snapshot that clears the flag then sees the write.
            if (structural && changedStructure(command, reply, failure)) structureChanged.set(true);
            if (write) changed.set(true);
        }
    }

    /**
     * Whether a structure command changed collections or indexes. Mongoose asks for each of its
     * collections and indexes every time a service starts; an answer of "already there" must not make
     * the next save a full snapshot, which on a large database is seconds of a core after every `up`.
     */
    private static boolean changedStructure(String command, Document reply, RuntimeException failure) {
        if (failure instanceof NamespaceExistsException) return false;
        if (reply != null && command.equalsIgnoreCase("createIndexes") && reply.get("numIndexesBefore") instanceof Number before
            && reply.get("numIndexesAfter") instanceof Number after) {
            return before.intValue() != after.intValue();
        }
        return true;
    }

    private static boolean isStructureWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (STRUCTURE_WRITES.contains(name)) return true;
        // An aggregate writes only through $out or $merge, which create or replace a collection.
        return name.equals("aggregate") && String.valueOf(query.get("pipeline")).matches("(?s).*\\$(out|merge)\\b.*");
    }

    /** True once per change: the caller is about to write a snapshot. */
    boolean takeChanged() {
        return changed.getAndSet(false);
    }

    /** True once per change to collections or indexes: the next save must be a full snapshot. */
    boolean takeStructural() {
        return structureChanged.getAndSet(false);
    }

    void markStructural() {
        structureChanged.set(true);
    }

    /** From now on, writes near the end of the heap are refused (not while a snapshot is restored). */
    void guardHeap() {
        heap.arm();
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

    /**
     * The library's change-stream update events carry the update itself as `documentKey` and no
     * `updateDescription`; MongoDB's carry `{_id}` and the changed fields. Both are in the oplog
     * entry the event came from (`o2`, `o`): `$set` and `$unset` give exact values, other operators
     * ($inc, $push...) are not replayed here, so their fields need `fullDocument: 'updateLookup'`.
     */
    @SuppressWarnings("unchecked")
    private void fixUpdateEvents(Document reply) {
        if (!(reply.get("cursor") instanceof Document cursor)) return;
        Object batch = cursor.containsKey("firstBatch") ? cursor.get("firstBatch") : cursor.get("nextBatch");
        if (!(batch instanceof List<?> events)) return;
        for (Object item : events) {
            if (!(item instanceof Document event) || !"update".equals(event.get("operationType"))) continue;
            Document entry = oplogEntry((BsonTimestamp) event.get("clusterTime"));
            if (entry == null) continue;
            Document update = (Document) entry.get("o");
            Document updated = update.get("$set") instanceof Document set ? set : new Document();
            List<String> removed = update.get("$unset") instanceof Document unset ? new ArrayList<>(unset.keySet()) : List.of();
            event.put("documentKey", entry.get("o2"));
            event.put("updateDescription", new Document("updatedFields", updated).append("removedFields", removed).append("truncatedArrays", List.of()));
        }
    }

    @SuppressWarnings("unchecked")
    private Document oplogEntry(BsonTimestamp ts) {
        MongoCollection<Document> oplog = (MongoCollection<Document>) resolveDatabase("local").resolveCollection(OPLOG_COLLECTION_NAME, false);
        if (oplog == null || ts == null) return null;
        for (Document entry : oplog.handleQuery(new Document("ts", ts))) return entry;
        return null;
    }

    /**
     * Drops all but the newest `keep` oplog entries once there are half as many again; change
     * streams only read recent ones. A trim scans the whole oplog, so it waits for `keep / 2` new
     * entries: trimming to exactly `keep` at every save cost a fifth of the database's CPU under load.
     */
    @SuppressWarnings("unchecked")
    int trimOplog(int keep) {
        if (!listDatabaseNames().contains("local")) return 0;
        MongoCollection<Document> oplog = (MongoCollection<Document>) resolveDatabase("local").resolveCollection(OPLOG_COLLECTION_NAME, false);
        if (oplog == null || oplog.count() <= keep + keep / 2) return 0;
        List<BsonTimestamp> stamps = new ArrayList<>();
        for (Document entry : oplog.queryAll()) stamps.add((BsonTimestamp) entry.get("ts"));
        stamps.sort(null);
        BsonTimestamp oldestKept = stamps.get(stamps.size() - keep);
        return oplog.deleteDocuments(new Document("ts", new Document("$lt", oldestKept)), 0);
    }
}
