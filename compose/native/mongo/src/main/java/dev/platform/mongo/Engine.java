package dev.platform.mongo;

/** The name every message of ours uses for this database, e.g. in errors about what it lacks. */
final class Engine {
    static final String VERSION = "1.47.0";
    static final String NAME = "mongo-java-server " + VERSION;

    private Engine() {
    }
}
