package dev.platform.mongo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The data on disk: a snapshot of the whole database, plus a journal of the documents changed since.
 * <ul>
 * <li>{@code snapshot.bson}: a header (format, engine, time, generation), then per collection a
 * description (name, index specs, unique ones included, document count) followed by its documents.
 * Written to a temporary file, flushed and renamed over the last one, so a crash mid-write leaves
 * the previous snapshot whole.</li>
 * <li>{@code journal.bson}: a header naming the snapshot generation it continues, then entries, each
 * a header (entry count, byte length) and that many {@code {db, c, id, doc}} documents ({@code doc}
 * absent: removed). Appending the changed documents every few seconds costs what was written, not
 * the size of the database: a full snapshot of a large database under constant writes took a tenth
 * of a core and held each collection's writers while it was encoded.</li>
 * </ul>
 * A new snapshot (once the journal is as large as the snapshot or removes half its documents, after
 * collections or indexes change, after a restore that found the journal torn or over 16 MiB) starts
 * a new journal. At restore a journal of another generation is ignored (a crash between a snapshot's
 * rename and its journal's reset), and so is an entry cut short by a crash.
 */
final class Snapshots {
    private static final String FORMAT = "platform-mongo-snapshot/1";
    private static final String JOURNAL_FORMAT = "platform-mongo-journal/1";
    private static final int FLUSH_AT = 1 << 20;
    /** A journal smaller than this is never compacted, however small the snapshot: replaying it takes milliseconds. */
    private static final long COMPACT_AT_LEAST = 16L << 20;
    /**
     * Removals in the journal from which, once they are half the snapshot's documents or more, the
     * snapshot is mostly dead weight: a `platform reset` after a bench left 30 documents, and every
     * start still read 280 MB (23 s) to remove 650,000 of them again. Below it a snapshot never
     * takes long to replay anyway.
     */
    private static final long REMOVALS_AT_LEAST = 10_000;

    private final Path file;
    private final Path journal;
    /** The generation of the snapshot on disk (0: none yet); the journal continues it. */
    private long generation;
    private long snapshotBytes;
    private long snapshotDocuments;
    /** Bytes of journal entries after the header. */
    private long journalBytes;
    /** Journal entries that remove a document. */
    private long journalRemovals;
    /** Set when the changes taken for the journal could not be written: only a full snapshot saves them now. */
    private boolean journalBroken;

    Snapshots(Path file) {
        this.file = file;
        this.journal = file.resolveSibling("journal.bson");
    }

    Path file() {
        return file;
    }

    record Summary(int collections, long documents, long bytes) {
    }

    /**
     * Whether the next save must be a full snapshot: none exists yet, the journal failed, outgrew
     * the snapshot, or removes most of it.
     */
    synchronized boolean needsSnapshot() {
        return generation == 0 || journalBroken || journalBytes > Math.max(snapshotBytes, COMPACT_AT_LEAST)
            || (journalRemovals >= REMOVALS_AT_LEAST && 2 * journalRemovals >= snapshotDocuments);
    }

    synchronized Summary write(PlatformBackend backend) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long next = Math.max(generation + 1, System.currentTimeMillis());
        // The changes this snapshot takes are saved only once it is renamed and its journal started.
        journalBroken = true;
        EmbeddedChannel channel = new EmbeddedChannel();
        int collections = 0;
        long documents = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuf buf = Unpooled.buffer(FLUSH_AT * 2);
            BsonEncoder.encodeDocument(
                new Document("format", FORMAT).append("engine", Engine.NAME).append("writtenAt", Instant.now()).append("generation", next), buf);
            for (Saved saved : savedCollections(backend, channel)) {
                MongoCollection<?> collection = saved.collection();
                List<Document> indexes = firstBatch(backend.handleCommand(channel, saved.db(), "listIndexes", new Document("listIndexes", saved.name())));
                // The collection's own lock, for its whole encoding: a point in time per collection,
                // so a unique index can never see two documents that held one value at different
                // moments (a restore would refuse them). Writers of this collection wait meanwhile.
                synchronized (collection) {
                    // This snapshot holds them: the journal starts afresh after it.
                    if (collection instanceof KeyedCollection keyed) keyed.forgetChanges();
                    List<Document> all = new ArrayList<>();
                    collection.queryAll().forEach(all::add);
                    BsonEncoder.encodeDocument(
                        new Document("db", saved.db()).append("collection", saved.name()).append("indexes", indexes).append("count", all.size()), buf);
                    for (Document document : all) {
                        BsonEncoder.encodeDocument(document, buf);
                        if (buf.readableBytes() >= FLUSH_AT) flush(buf, out);
                    }
                    documents += all.size();
                }
                collections++;
            }
            flush(buf, out);
            out.force(true);
        } finally {
            backend.handleClose(channel);
            channel.close();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        generation = next;
        snapshotBytes = Files.size(file);
        snapshotDocuments = documents;
        startJournal();
        return new Summary(collections, documents, snapshotBytes);
    }

    /**
     * Appends the documents changed since the last save to the journal. Null when that cannot
     * save them (see {@link #needsSnapshot()}, or a collection without an {@code _id} index): the
     * caller writes a full snapshot instead.
     */
    synchronized Summary append(PlatformBackend backend) throws IOException {
        if (needsSnapshot()) return null;
        ByteBuf entries = Unpooled.buffer();
        int collections = 0;
        long documents = 0;
        long removals = 0;
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            for (Saved saved : savedCollections(backend, channel)) {
                if (!(saved.collection() instanceof KeyedCollection collection)) continue;
                synchronized (collection) {
                    Map<Object, Document> changes = collection.takeChanges();
                    if (changes == null) return null;
                    for (Map.Entry<Object, Document> change : changes.entrySet()) {
                        Document entry = new Document("db", saved.db()).append("c", saved.name()).append("id", change.getKey());
                        if (change.getValue() != null) entry.append("doc", change.getValue());
                        else removals++;
                        BsonEncoder.encodeDocument(entry, entries);
                    }
                    if (!changes.isEmpty()) collections++;
                    documents += changes.size();
                }
            }
        } finally {
            backend.handleClose(channel);
            channel.close();
        }
        if (documents == 0) return new Summary(0, 0, 0);
        ByteBuf batch = Unpooled.buffer();
        BsonEncoder.encodeDocument(new Document("entries", documents).append("bytes", (long) entries.readableBytes()), batch);
        long bytes = batch.readableBytes() + entries.readableBytes();
        try (FileChannel out = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            flush(Unpooled.wrappedBuffer(batch, entries), out);
            out.force(false);
        } catch (IOException | RuntimeException e) {
            // These changes are no longer tracked: the next save is a full snapshot, which has them.
            journalBroken = true;
            throw e;
        }
        journalBytes += bytes;
        journalRemovals += removals;
        return new Summary(collections, documents, bytes);
    }

    /** A journal that continues the snapshot just written: a header only, replacing the old journal whole. */
    private void startJournal() throws IOException {
        Path tmp = journal.resolveSibling(journal.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuf header = Unpooled.buffer();
            BsonEncoder.encodeDocument(new Document("format", JOURNAL_FORMAT).append("generation", generation), header);
            flush(header, out);
            out.force(true);
        }
        Files.move(tmp, journal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        journalBytes = 0;
        journalRemovals = 0;
        journalBroken = false;
    }

    /**
     * Loads the last snapshot and then the journal that continues it into an empty backend; no
     * snapshot yet means an empty database. The journal's entries are folded into each document's
     * last state first, and each collection's changed documents are all removed before their new
     * states are added, so no unique index sees a state between two entries.
     */
    Summary restore(PlatformBackend backend) throws IOException {
        if (!Files.exists(file)) return new Summary(0, 0, 0);
        ByteBuf buf = Unpooled.wrappedBuffer(Files.readAllBytes(file));
        Document header = BsonDecoder.decodeBson(buf);
        if (!FORMAT.equals(header.get("format"))) {
            throw new IOException(file + " is not a snapshot this launcher can read (format " + header.get("format") + ", expected " + FORMAT + ")");
        }
        // Snapshots written before the journal existed have no generation: no journal continues them.
        generation = header.get("generation") instanceof Number g ? g.longValue() : 0;
        snapshotBytes = buf.capacity();
        RestoreProgress progress = new RestoreProgress(snapshotBytes + (Files.exists(journal) ? Files.size(journal) : 0));
        EmbeddedChannel channel = new EmbeddedChannel();
        Set<String> collections = new HashSet<>();
        long documents = 0;
        try {
            while (buf.isReadable()) {
                Document description = BsonDecoder.decodeBson(buf);
                MongoCollection<?> collection = create(backend, channel, description.get("db"), description.get("collection"), secondaryIndexes(description));
                int count = ((Number) description.get("count")).intValue();
                for (int i = 0; i < count; i++) {
                    collection.addDocument(BsonDecoder.decodeBson(buf));
                    progress.at(buf.readerIndex(), documents + i + 1);
                }
                // Restoring is not a change: nothing needs saving until a client writes.
                if (collection instanceof KeyedCollection keyed) keyed.forgetChanges();
                documents += count;
                collections.add(namespace(description.get("db"), description.get("collection")));
            }
            Map<String, Map<Object, Document>> changes = new LinkedHashMap<>();
            // Appends go on in the journal when it continues this snapshot and was read whole: the
            // memory now holds exactly snapshot + journal, so what comes next can follow it. Otherwise
            // (a torn tail, which an append would leave in front of new entries; another generation;
            // none) the first save is a new snapshot, which starts a clean journal. So is it after a
            // long journal: every later start would replay it again, and a snapshot costs less.
            snapshotDocuments = documents;
            journalBroken = !readJournal(changes, (read) -> progress.at(snapshotBytes + read, snapshotDocuments)) || journalBytes > COMPACT_AT_LEAST;
            for (Map.Entry<String, Map<Object, Document>> entry : changes.entrySet()) {
                String[] ns = entry.getKey().split("\\.", 2);
                MongoCollection<?> collection = create(backend, channel, ns[0], ns[1], List.of());
                if (!(collection instanceof KeyedCollection keyed)) continue;
                synchronized (keyed) {
                    for (Object id : entry.getValue().keySet()) {
                        Document stored = keyed.byId(id);
                        if (stored != null) keyed.removeDocument(stored);
                    }
                    for (Document document : entry.getValue().values()) {
                        if (document != null) keyed.addDocument(document);
                    }
                    keyed.forgetChanges();
                }
                collections.add(entry.getKey());
            }
            backend.takeChanged();
            backend.takeStructural();
            return new Summary(collections.size(), documents, snapshotBytes + journalBytes);
        } finally {
            backend.handleClose(channel);
            channel.close();
        }
    }

    /**
     * The journal's whole entries, folded into the last state of each document by namespace and
     * {@code _id} (null: removed). True when it continues this snapshot and was read to its end.
     */
    private boolean readJournal(Map<String, Map<Object, Document>> changes, LongConsumer bytesRead) throws IOException {
        if (generation == 0 || !Files.exists(journal)) return false;
        ByteBuf buf = Unpooled.wrappedBuffer(Files.readAllBytes(journal));
        Document header = nextDocument(buf);
        if (header == null || !JOURNAL_FORMAT.equals(header.get("format")) || !(header.get("generation") instanceof Number g)
            || g.longValue() != generation) {
            return false;
        }
        int start = buf.readerIndex();
        while (true) {
            Document batch = nextDocument(buf);
            if (batch == null) break;
            long bytes = ((Number) batch.get("bytes")).longValue();
            // Cut short by a crash while it was appended: everything before it is whole.
            if (buf.readableBytes() < bytes) break;
            ByteBuf entries = buf.readSlice((int) bytes);
            while (entries.isReadable()) {
                Document entry = BsonDecoder.decodeBson(entries);
                if (!(entry.get("doc") instanceof Document)) journalRemovals++;
                changes.computeIfAbsent(namespace(entry.get("db"), entry.get("c")), k -> new LinkedHashMap<>())
                    .put(entry.get("id"), entry.get("doc") instanceof Document document ? document : null);
            }
            bytesRead.accept(buf.readerIndex());
        }
        journalBytes = buf.readerIndex() - start;
        return !buf.isReadable();
    }

    /** The next BSON document, or null when what is left is not a whole one. */
    private static Document nextDocument(ByteBuf buf) {
        if (buf.readableBytes() < 4 || buf.readableBytes() < buf.getIntLE(buf.readerIndex())) return null;
        return BsonDecoder.decodeBson(buf);
    }

    private static String namespace(Object db, Object collection) {
        return db + "." + collection;
    }

    /** Creates a collection with its secondary indexes (before any document, so unique ones hold), or finds it. */
    private static MongoCollection<?> create(PlatformBackend backend, EmbeddedChannel channel, Object db, Object name, List<Document> indexes) {
        MongoDatabase database = backend.resolveDatabase((String) db);
        MongoCollection<?> existing = database.resolveCollection((String) name, false);
        if (existing != null) return existing;
        backend.handleCommand(channel, (String) db, "create", new Document("create", name));
        if (!indexes.isEmpty()) backend.handleCommand(channel, (String) db, "createIndexes", new Document("createIndexes", name).append("indexes", indexes));
        return database.resolveCollection((String) name, true);
    }

    @SuppressWarnings("unchecked")
    private static List<Document> secondaryIndexes(Document description) {
        List<Document> indexes = new ArrayList<>();
        for (Document index : (List<Document>) description.get("indexes")) {
            if (!"_id_".equals(index.get("name"))) indexes.add(index);
        }
        return indexes;
    }

    /** A collection a save writes: every one outside the server's internal databases. */
    private record Saved(String db, String name, MongoCollection<?> collection) {
    }

    private static List<Saved> savedCollections(PlatformBackend backend, EmbeddedChannel channel) {
        List<Saved> saved = new ArrayList<>();
        for (String dbName : backend.databaseNames()) {
            if (PlatformBackend.INTERNAL_DATABASES.contains(dbName)) continue;
            MongoDatabase database = backend.resolveDatabase(dbName);
            for (Document description : firstBatch(backend.handleCommand(channel, dbName, "listCollections", new Document("listCollections", 1)))) {
                String name = (String) description.get("name");
                MongoCollection<?> collection = database.resolveCollection(name, false);
                if (collection != null) saved.add(new Saved(dbName, name, collection));
            }
        }
        return saved;
    }

    @SuppressWarnings("unchecked")
    private static List<Document> firstBatch(Document reply) {
        return (List<Document>) ((Document) reply.get("cursor")).get("firstBatch");
    }

    private static void flush(ByteBuf buf, FileChannel out) throws IOException {
        while (buf.isReadable()) buf.readBytes(out, buf.readableBytes());
        buf.clear();
    }

    /**
     * "progress: restoring 98.1 MB of data: 40% (81,000 documents)" lines, at most one a second:
     * the supervisor shows the latest as the database's detail in `status` and in `up`'s progress
     * line, so a long restore (seconds for a few hundred thousand documents) does not look like a hang.
     */
    private static final class RestoreProgress {
        private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
        private final long totalBytes;
        private long nextAt = System.nanoTime() + EVERY_NANOS;

        RestoreProgress(long totalBytes) {
            this.totalBytes = totalBytes;
            say(0, 0);
        }

        void at(long bytesRead, long documents) {
            long now = System.nanoTime();
            if (now < nextAt) return;
            nextAt = now + EVERY_NANOS;
            say(bytesRead, documents);
        }

        private void say(long bytesRead, long documents) {
            long percent = totalBytes == 0 ? 100 : Math.min(100, 100 * bytesRead / totalBytes);
            String size = totalBytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f KB", totalBytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", totalBytes / 1e6);
            System.out.println(String.format(Locale.ROOT, "progress: restoring %s of data: %d%% (%,d documents)", size, percent, documents));
            System.out.flush();
        }
    }
}
