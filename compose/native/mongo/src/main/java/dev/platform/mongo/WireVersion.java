package dev.platform.mongo;

import java.util.List;

import de.bwaldvogel.mongo.MongoVersion;

/**
 * What the server reports in hello/buildInfo. The library's newest choice (5.0 with wire version 8)
 * is refused by the mongodb 7 driver, which needs at least 9; 13 is the wire version of MongoDB 5.0.
 * Upstream: https://github.com/bwaldvogel/mongo-java-server/issues/255
 */
enum WireVersion implements MongoVersion {
    MONGO_5_0_WIRE_13;

    @Override
    public List<Integer> getVersionArray() {
        return List.of(5, 0, 0);
    }

    @Override
    public int getWireVersion() {
        return 13;
    }
}
