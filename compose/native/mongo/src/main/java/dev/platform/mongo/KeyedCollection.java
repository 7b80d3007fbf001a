package dev.platform.mongo;


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
 * The memory backend's collection, with one thing the library lacks: a query that pins a unique
 * key to a plain value and adds other conditions ({@code {_id: x, "holds.paymentId": {$ne: p}}},
 * the guarded update idiom) reads that one document through the index. The library uses an
 * index only when the query names exactly its keys, so every guarded update scanned the whole
 * collection, and a payment's writes slowed down as the collection grew.
 */
final class KeyedCollection extends MemoryCollection {

    KeyedCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
        super(database, name, options, cursors);
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
        return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
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
        Database(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            return new KeyedCollection(this, name, options, cursorRegistry);
        }
    }
}
