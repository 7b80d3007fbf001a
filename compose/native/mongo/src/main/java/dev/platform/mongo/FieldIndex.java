package dev.platform.mongo;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * The positions of a collection's documents by the value of one top-level field, in BSON order: what
 * a non-unique index on that field gives a query. The library keeps such indexes as names only and
 * scans the whole collection for every query that does not name a unique key, so the services'
 * periodic sweeps ({@code {pendingEvents: {$gt: 0}}}) and a merchant's payment list cost more
 * with every payment ever made.
 *
 * <p>Candidates are a superset of the matches: the full query still decides (see KeyedCollection).
 * Documents whose value is missing, null, an array or a document are not ordered here and are
 * always candidates, so multikey and null semantics stay the library's own.
 */
final class FieldIndex {
    private static final Set<String> RANGE = Set.of("$gt", "$gte", "$lt", "$lte");

    private final String field;
    private final NavigableMap<Object, Set<Integer>> byValue = new TreeMap<>(ValueComparator.asc());
    private final Set<Integer> unordered = new HashSet<>();

    FieldIndex(String field) {
        this.field = field;
    }

    String field() {
        return field;
    }

    void add(Document document, Integer position) {
        Object value = document.get(field);
        if (isOrdered(value)) byValue.computeIfAbsent(value, v -> new HashSet<>()).add(position);
        else unordered.add(position);
    }

    void remove(Document document, Integer position) {
        Object value = document.get(field);
        if (!isOrdered(value)) {
            unordered.remove(position);
            return;
        }
        Set<Integer> positions = byValue.get(value);
        if (positions == null) return;
        positions.remove(position);
        if (positions.isEmpty()) byValue.remove(value);
    }

    /**
     * The positions that may match {@code condition} (the query's value for this field), in
     * ascending order, as a scan would meet them; null when this index cannot narrow it down.
     */
    TreeSet<Integer> candidates(Object condition) {
        TreeSet<Integer> out = new TreeSet<>(unordered);
        if (isOrdered(condition)) {
            out.addAll(byValue.getOrDefault(condition, Set.of()));
            return out;
        }
        if (!(condition instanceof Document operators) || operators.isEmpty()) return null;
        if (operators.size() == 1 && operators.get("$in") instanceof Collection<?> values) {
            for (Object value : values) {
                if (!isOrdered(value)) return null;
                out.addAll(byValue.getOrDefault(value, Set.of()));
            }
            return out;
        }
        NavigableMap<Object, Set<Integer>> range = byValue;
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Object bound = operator.getValue();
            if (!RANGE.contains(operator.getKey()) && !"$eq".equals(operator.getKey())) return null;
            if (!isOrdered(bound)) return null;
            range = switch (operator.getKey()) {
                case "$gt" -> range.tailMap(bound, false);
                case "$gte" -> range.tailMap(bound, true);
                case "$lt" -> range.headMap(bound, false);
                case "$lte" -> range.headMap(bound, true);
                default -> range.subMap(bound, true, bound, true);
            };
        }
        for (Set<Integer> positions : range.values()) out.addAll(positions);
        return out;
    }

    /** A scalar BSON compares with others of its kind by value; everything else is left to the query matcher. */
    private static boolean isOrdered(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof java.util.Date
            || value instanceof java.time.Instant || value instanceof ObjectId || value instanceof java.util.UUID || value instanceof BsonTimestamp;
    }

    /** Whether a non-unique index led by this key can be served: a top-level field other than {@code _id}. */
    static boolean canServe(String firstKey) {
        return !firstKey.contains(".") && !firstKey.startsWith("$") && !"_id".equals(firstKey);
    }
}
