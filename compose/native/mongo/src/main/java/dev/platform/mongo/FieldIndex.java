package dev.platform.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
 * The positions of a collection's documents by the values at one field path, in BSON order: what a
 * non-unique index on that path gives a query. The library keeps such indexes as names only and
 * scans the whole collection for every query that does not name a unique key, so the services'
 * periodic sweeps ({@code {pendingEvents: {$gt: 0}}}, {@code {"holds.expiresAt": {$lte: now}}})
 * and a merchant's payment list cost more with every document there is.
 *
 * <p>Candidates are a superset of the matches: the full query still decides (see KeyedCollection).
 * The path may be dotted and cross arrays, as a multikey index does: a document is filed under each
 * scalar it holds there. A document with nothing there (missing, null, an empty array) cannot match
 * a condition on a scalar, so it is no candidate of one. A document holding something else there (a
 * document, a nested array, a type not ordered here) is always a candidate, so those semantics stay
 * the library's own.
 */
final class FieldIndex {
    private static final Set<String> RANGE = Set.of("$gt", "$gte", "$lt", "$lte");

    private final String field;
    private final String[] path;
    private final NavigableMap<Object, Set<Integer>> byValue = new TreeMap<>(ValueComparator.asc());
    /** Always candidates: what they hold at the path is not ordered here. */
    private final Set<Integer> unordered = new HashSet<>();
    /**
     * Filed under more than one value. Each bound of a range may be met by another element of an
     * array ({@code [0, 10]} matches {@code {$gt: 1, $lt: 5}}), so a range of two bounds takes them all.
     */
    private final Set<Integer> multikey = new HashSet<>();

    FieldIndex(String field) {
        this.field = field;
        this.path = field.split("\\.");
    }

    String field() {
        return field;
    }

    void add(Document document, Integer position) {
        List<Object> keys = keys(document);
        if (keys == null) {
            unordered.add(position);
            return;
        }
        for (Object key : keys) byValue.computeIfAbsent(key, v -> new HashSet<>()).add(position);
        if (keys.size() > 1) multikey.add(position);
    }

    void remove(Document document, Integer position) {
        List<Object> keys = keys(document);
        if (keys == null) {
            unordered.remove(position);
            return;
        }
        multikey.remove(position);
        for (Object key : keys) {
            Set<Integer> positions = byValue.get(key);
            if (positions == null) continue;
            positions.remove(position);
            if (positions.isEmpty()) byValue.remove(key);
        }
    }

    /**
     * The positions that may match {@code condition} (the query's value for this path), in
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
        if (operators.size() > 1) out.addAll(multikey);
        return out;
    }

    /** The scalars the document holds at the path (none: it has nothing there), or null when it holds something not ordered here. */
    private List<Object> keys(Document document) {
        List<Object> keys = new ArrayList<>(1);
        return collect(document, 0, keys) ? keys : null;
    }

    /** Adds what {@code node} holds at path[step..] to {@code keys}; false when that is not only scalars. */
    private boolean collect(Object node, int step, List<Object> keys) {
        if (step == path.length) {
            if (node instanceof List<?> elements) {
                for (Object element : elements) if (!leaf(element, keys)) return false;
                return true;
            }
            return leaf(node, keys);
        }
        if (node instanceof Document document) return !document.containsKey(path[step]) || collect(document.get(path[step]), step + 1, keys);
        if (node instanceof List<?> elements) {
            for (Object element : elements) {
                if (element instanceof List) return false; // an array in an array: left to the library
                if (element instanceof Document && !collect(element, step, keys)) return false;
            }
        }
        return true; // a scalar on the way has nothing under it
    }

    private static boolean leaf(Object value, List<Object> keys) {
        if (value == null) return true;
        if (!isOrdered(value)) return false;
        keys.add(value);
        return true;
    }

    /** A scalar BSON compares with others of its kind by value; everything else is left to the query matcher. */
    private static boolean isOrdered(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof java.util.Date
            || value instanceof java.time.Instant || value instanceof ObjectId || value instanceof java.util.UUID || value instanceof BsonTimestamp;
    }

    /** Whether a non-unique index led by this path can be served: not {@code _id}, no operator, no array position in it. */
    static boolean canServe(String firstKey) {
        if ("_id".equals(firstKey) || firstKey.startsWith("_id.")) return false;
        for (String step : firstKey.split("\\.", -1)) {
            if (step.isEmpty() || step.startsWith("$") || step.chars().allMatch(Character::isDigit)) return false;
        }
        return true;
    }
}
