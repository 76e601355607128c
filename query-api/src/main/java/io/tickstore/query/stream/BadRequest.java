package io.tickstore.query.stream;

/** A client op that cannot be carried out; the message is {@code "<field>: <problem>"}. */
final class BadRequest extends Exception {
    BadRequest(String field, String problem) {
        super(field + ": " + problem, null, false, false);
    }
}
