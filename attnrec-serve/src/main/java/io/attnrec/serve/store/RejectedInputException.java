package io.attnrec.serve.store;

/**
 * The database refused the values themselves (SQLSTATE class 22, data exception, or 23,
 * integrity constraint violation; SQLite's constraint, too-big and mismatch errors): nothing was
 * written, and sending the same request again cannot succeed, so the HTTP layer answers 400,
 * not 503 "retry later".
 */
public final class RejectedInputException extends RuntimeException {

    public RejectedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
