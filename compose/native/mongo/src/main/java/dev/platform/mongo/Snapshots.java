package dev.platform.mongo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The whole database as one file of BSON documents: a header, then per collection a description
 * (name and index specs, unique ones included) followed by its documents. Written to a temporary
 * file and renamed over the last snapshot, so a crash mid-write leaves the previous one intact.
 */
final class Snapshots {
    private static final String FORMAT = "platform-mongo-snapshot/1";
    /** Server-internal databases: the oplog and sessions do not outlive the process, as on a restarted mongod without a replica set. */
    private static final Set<String> SKIPPED = Set.of("local", "admin", "config");
    private static final int FLUSH_AT = 1 << 20;

    private final Path file;

    Snapshots(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    record Summary(int collections, long documents, long bytes) {
    }

    synchronized Summary write(PlatformBackend backend) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        EmbeddedChannel channel = new EmbeddedChannel();
        int collections = 0;
        long documents = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuf buf = Unpooled.buffer(FLUSH_AT * 2);
            BsonEncoder.encodeDocument(new Document("format", FORMAT).append("engine", Engine.NAME).append("writtenAt", Instant.now()), buf);
            for (String dbName : backend.databaseNames()) {
                if (SKIPPED.contains(dbName)) continue;
                MongoDatabase database = backend.resolveDatabase(dbName);
                for (Document description : firstBatch(backend.handleCommand(channel, dbName, "listCollections", new Document("listCollections", 1)))) {
                    String name = (String) description.get("name");
                    MongoCollection<?> collection = database.resolveCollection(name, false);
                    if (collection == null) continue;
                    List<Document> indexes = firstBatch(backend.handleCommand(channel, dbName, "listIndexes", new Document("listIndexes", name)));
                    // The collection's own lock, for its whole encoding: a point in time per collection,
                    // so a unique index can never see two documents that held one value at different
                    // moments (a restore would refuse them). Writers of this collection wait meanwhile.
                    synchronized (collection) {
                        List<Document> all = new ArrayList<>();
                        collection.queryAll().forEach(all::add);
                        BsonEncoder.encodeDocument(new Document("db", dbName).append("collection", name).append("indexes", indexes).append("count", all.size()), buf);
                        for (Document document : all) {
                            BsonEncoder.encodeDocument(document, buf);
                            if (buf.readableBytes() >= FLUSH_AT) flush(buf, out);
                        }
                        documents += all.size();
                    }
                    collections++;
                }
            }
            flush(buf, out);
            out.force(true);
        } finally {
            backend.handleClose(channel);
            channel.close();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Summary(collections, documents, Files.size(file));
    }

    /** Loads the last snapshot into an empty backend; no snapshot yet means an empty database. */
    Summary restore(PlatformBackend backend) throws IOException {
        if (!Files.exists(file)) return new Summary(0, 0, 0);
        ByteBuf buf = Unpooled.wrappedBuffer(Files.readAllBytes(file));
        Document header = BsonDecoder.decodeBson(buf);
        if (!FORMAT.equals(header.get("format"))) {
            throw new IOException(file + " is not a snapshot this launcher can read (format " + header.get("format") + ", expected " + FORMAT + ")");
        }
        EmbeddedChannel channel = new EmbeddedChannel();
        int collections = 0;
        long documents = 0;
        try {
            while (buf.isReadable()) {
                Document description = BsonDecoder.decodeBson(buf);
                String dbName = (String) description.get("db");
                String name = (String) description.get("collection");
                backend.handleCommand(channel, dbName, "create", new Document("create", name));
                List<Document> indexes = secondaryIndexes(description);
                if (!indexes.isEmpty()) {
                    backend.handleCommand(channel, dbName, "createIndexes", new Document("createIndexes", name).append("indexes", indexes));
                }
                MongoCollection<?> collection = backend.resolveDatabase(dbName).resolveCollection(name, true);
                int count = ((Number) description.get("count")).intValue();
                for (int i = 0; i < count; i++) collection.addDocument(BsonDecoder.decodeBson(buf));
                documents += count;
                collections++;
            }
        } finally {
            backend.handleClose(channel);
            channel.close();
        }
        // Restoring is not a change: nothing needs writing until a client writes.
        backend.takeChanged();
        return new Summary(collections, documents, Files.size(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Document> secondaryIndexes(Document description) {
        List<Document> indexes = new ArrayList<>();
        for (Document index : (List<Document>) description.get("indexes")) {
            if (!"_id_".equals(index.get("name"))) indexes.add(index);
        }
        return indexes;
    }

    @SuppressWarnings("unchecked")
    private static List<Document> firstBatch(Document reply) {
        return (List<Document>) ((Document) reply.get("cursor")).get("firstBatch");
    }

    private static void flush(ByteBuf buf, FileChannel out) throws IOException {
        while (buf.isReadable()) buf.readBytes(out, buf.readableBytes());
        buf.clear();
    }
}
