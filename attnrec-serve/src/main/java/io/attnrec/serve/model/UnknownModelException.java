package io.attnrec.serve.model;

/** No model of that name is registered. */
public final class UnknownModelException extends RuntimeException {

    public UnknownModelException(String message) {
        super(message);
    }
}
