package dev.platform.mongo;

import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.exception.MongoServerNotYetImplementedException;

/**
 * Errors that mean "this engine lacks it" (an unknown command, stage, expression or operator) get
 * the engine and the operation appended, so a user can tell a gap of the dev database from a bug
 * in their own query. The error code stays the one MongoDB uses, so drivers react the same way.
 */
final class Unsupported {
    private static final int INTERNAL_ERROR = 1;
    private static final int BAD_VALUE = 2;
    private static final int FAILED_TO_PARSE = 9;
    private static final int COMMAND_NOT_FOUND = 59;
    private static final int INVALID_PIPELINE_OPERATOR = 168;
    private static final int NOT_IMPLEMENTED = 238;
    private static final int UNRECOGNIZED_STAGE = 40324;

    private Unsupported() {
    }

    static RuntimeException explain(RuntimeException e, String command) {
        if (e instanceof MongoServerError error && isLacking(error.getCode(), error.getMessageWithoutErrorCode())) {
            return new MongoServerError(error.getCode(), error.getCodeName(), suffixed(error.getMessageWithoutErrorCode(), command), e);
        }
        if (e instanceof MongoServerNotYetImplementedException || e instanceof UnsupportedOperationException
            || (e instanceof MongoServerException && String.valueOf(e.getMessage()).contains("not yet implemented"))) {
            return new MongoServerError(NOT_IMPLEMENTED, "NotImplemented", suffixed(e.getMessage(), command), e);
        }
        if (!(e instanceof MongoServerException)) {
            // A ClassCastException or the like: the library met a form of the command it never parses
            // (a pipeline-style update, say). Without this the client sees "Unknown error: class ...".
            return new MongoServerError(INTERNAL_ERROR, "InternalError", suffixed("the engine could not run this " + command + ", most likely a form of it that it lacks (" + e + ")", command), e);
        }
        return e;
    }

    /** Write commands report per-statement errors inside the reply instead of failing. */
    @SuppressWarnings("unchecked")
    static Document explainWriteErrors(Document reply, String command) {
        if (reply != null && reply.get("writeErrors") instanceof List<?> errors) {
            for (Document error : (List<Document>) errors) {
                Object code = error.get("code");
                String message = String.valueOf(error.get("errmsg"));
                if (code instanceof Number n && isLacking(n.intValue(), message)) {
                    error.put("errmsg", suffixed(message, command));
                }
            }
        }
        return reply;
    }

    private static boolean isLacking(int code, String message) {
        return switch (code) {
            case COMMAND_NOT_FOUND, INVALID_PIPELINE_OPERATOR, UNRECOGNIZED_STAGE, NOT_IMPLEMENTED -> true;
            case BAD_VALUE -> message.startsWith("unknown operator") || message.startsWith("unknown top level operator");
            case FAILED_TO_PARSE -> message.startsWith("Unknown modifier");
            default -> message.contains("not yet implemented");
        };
    }

    private static String suffixed(String message, String command) {
        System.err.println("unsupported: " + message + " (operation: " + command + ")");
        return message + " (not supported by " + Engine.NAME + ", the platform's native database; operation: " + command + ")";
    }
}
