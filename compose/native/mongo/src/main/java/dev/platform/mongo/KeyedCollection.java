package dev.platform.mongo;


import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The memory backend's collection, with three things the library lacks:
 * <ul>
 * <li>a query that pins a unique key to a plain value and adds other conditions
 * ({@code {_id: x, "holds.paymentId": {$ne: p}}}, the guarded update idiom) reads that one document
 * through the index. The library uses an index only when the query names exactly its keys, so every
 * guarded update scanned the whole collection, and a payment's writes slowed down as the collection grew;</li>
 * <li>a non-unique index on a field or a dotted path narrows down a query that pins it to a
 * value, a range or an {@code $in} list (see FieldIndex); the library would scan;</li>
 * <li>it remembers which documents changed since the last snapshot or journal entry, so persisting a
 * change costs the changed documents, not the whole database (see Snapshots).</li>
 * </ul>
 */
final class KeyedCollection extends MemoryCollection {
    private static final String ID = "_id";
    /** The {@code _id}s inserted, updated or removed since the last {@link #takeChanges()}; guarded by this collection's lock, like its writes. */
    private final Set<Object> changedIds = new LinkedHashSet<>();
    /** False in the server's internal databases (the oplog), which are never saved: their changes are not recorded. */
    private final boolean saved;
    /** By field: the positions of the documents by that field's value, for each non-unique index we can serve. */
    private Map<String, FieldIndex> fieldIndexes = Map.of();

    KeyedCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors, boolean saved) {
        super(database, name, options, cursors);
        this.saved = saved;
    }

    @Override
    protected synchronized Integer addDocumentInternal(Document document) {
        Integer position = super.addDocumentInternal(document);
        for (FieldIndex index : fieldIndexes.values()) index.add(document, position);
        changed(document);
        return position;
    }

    @Override
    protected synchronized void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        for (FieldIndex index : fieldIndexes.values()) {
            index.remove(oldDocument, position);
            index.add(newDocument, position);
        }
        changed(newDocument);
    }

    @Override
    protected synchronized void removeDocument(Integer position) {
        Document document = getDocument(position);
        if (document != null) {
            for (FieldIndex index : fieldIndexes.values()) index.remove(document, position);
            changed(document);
        }
        super.removeDocument(position);
    }

    private void changed(Document document) {
        if (saved) changedIds.add(document.get(ID));
    }

    @Override
    public synchronized void addIndex(Index<Integer> index) {
        super.addIndex(index);
        rebuildFieldIndexes();
    }

    @Override
    public synchronized void dropIndex(String name) {
        super.dropIndex(name);
        rebuildFieldIndexes();
    }

    /** One FieldIndex per field that leads a non-unique index, filled from the documents there are. */
    private void rebuildFieldIndexes() {
        Map<String, FieldIndex> indexes = new HashMap<>();
        for (Index<Integer> index : getIndexes()) {
            if (index.isUnique() || index.getKeys().isEmpty()) continue;
            String field = index.getKeys().get(0).getKey();
            if (FieldIndex.canServe(field)) indexes.putIfAbsent(field, new FieldIndex(field));
        }
        if (!indexes.isEmpty()) {
            streamAllDocumentsWithPosition().forEach(d -> {
                for (FieldIndex index : indexes.values()) index.add(d.getDocument(), d.getPosition());
            });
        }
        fieldIndexes = indexes;
    }

    /**
     * Each document changed since the last call as it is now, by {@code _id} (null: removed), and
     * forgets them. The caller holds this collection's lock while it encodes them, so the documents
     * are one point in time, as a full snapshot's are. Null when they cannot be looked up (a
     * collection without an {@code _id} index): only a full snapshot can save it then.
     */
    Map<Object, Document> takeChanges() {
        Map<Object, Document> changes = new LinkedHashMap<>();
        Index<Integer> index = idIndex();
        if (index == null && !changedIds.isEmpty()) return null;
        for (Object id : changedIds) changes.put(id, byId(index, id));
        changedIds.clear();
        return changes;
    }

    /** Forgets the tracked changes: a full snapshot, or the restore that loaded them, already holds them. */
    synchronized void forgetChanges() {
        changedIds.clear();
    }

    /** The stored document with this {@code _id}, or null. The caller holds this collection's lock. */
    Document byId(Object id) {
        return byId(idIndex(), id);
    }

    private Document byId(Index<Integer> index, Object id) {
        Integer position = index == null ? null : index.getPosition(new Document(ID, id));
        return position == null ? null : getDocument(position);
    }

    private Index<Integer> idIndex() {
        for (Index<Integer> index : getIndexes()) {
            if (index.isUnique() && index.getKeys().size() == 1 && ID.equals(index.getKeys().get(0).getKey())) return index;
        }
        return null;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
        if (query.size() > 1) {
            for (Index<Integer> index : getIndexes()) {
                Document key = pinnedKey(index, query);
                // The index gives the candidate; the full query still decides whether it matches.
                if (key != null) return matchDocuments(query, index.getPositions(key), orderBy, skip, limit, batchSize, fieldSelector);
            }
        }
        // $natural orders by position in the library's own scan only.
        if (!query.containsKey(ID) && (orderBy == null || !orderBy.containsKey("$natural"))) {
            TreeSet<Integer> candidates = fieldCandidates(query);
            if (candidates != null) return matchDocuments(query, candidates, orderBy, skip, limit, batchSize, fieldSelector);
        }
        return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
    }

    /** The fewest candidates any field index gives for the query's top-level conditions, or null (scan). */
    private synchronized TreeSet<Integer> fieldCandidates(Document query) {
        TreeSet<Integer> best = null;
        for (FieldIndex index : fieldIndexes.values()) {
            if (!query.containsKey(index.field())) continue;
            TreeSet<Integer> candidates = index.candidates(query.get(index.field()));
            if (candidates != null && (best == null || candidates.size() < best.size())) best = candidates;
        }
        return best;
    }

    /** The part of the query that names every key of a unique index with a plain value, or null. */
    private static Document pinnedKey(Index<Integer> index, Document query) {
        if (!index.isUnique()) return null;
        Document key = new Document();
        for (IndexKey k : index.getKeys()) {
            Object value = query.get(k.getKey());
            if (!isPlain(value)) return null;
            key.put(k.getKey(), value);
        }
        return index.canHandle(key) ? key : null;
    }

    /** A value compared by equality: not an operator document, an array, a regex or null (which also matches a missing key). */
    private static boolean isPlain(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof java.util.UUID
            || value instanceof de.bwaldvogel.mongo.bson.ObjectId || value instanceof java.util.Date || value instanceof java.time.Instant;
    }

    /** Makes every collection of a database a KeyedCollection. */
    static final class Database extends MemoryDatabase {
        private final boolean saved;

        Database(String name, CursorRegistry cursors, boolean saved) {
            super(name, cursors);
            this.saved = saved;
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            return new KeyedCollection(this, name, options, cursorRegistry, saved);
        }
    }
}
