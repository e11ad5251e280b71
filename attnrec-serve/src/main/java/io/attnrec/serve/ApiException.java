package io.attnrec.serve;

/** A request the server refuses, answered as {@code {"error": code, "message": message}}. */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
