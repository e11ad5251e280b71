package io.attnrec.core.data;

/**
 * A problem with one field of one line, raised while parsing and turned into a {@link
 * DataFormatException} (or a skipped line) by the loader, which knows the file and line number.
 * Carries no stack trace: in lenient mode it is thrown once per bad line and must stay cheap.
 */
final class FieldException extends Exception {

    private static final long serialVersionUID = 1L;

    FieldException(String problem) {
        super(problem, null, false, false);
    }
}
