package io.tickstore.ingest.ws;

import io.tickstore.store.model.JsonString;

/** The JSON replies of the ingest protocol; one per frame. */
final class Acks {
    private Acks() {
    }

    static String ok(int accepted, int duplicates, long journalIndex) {
        return "{\"status\":\"ok\",\"accepted\":" + accepted + ",\"duplicates\":" + duplicates
                + ",\"journal_index\":" + journalIndex + "}";
    }

    static String error(String message) {
        StringBuilder sb = new StringBuilder(message.length() + 32).append("{\"status\":\"error\",\"error\":");
        JsonString.append(sb, message);
        return sb.append('}').toString();
    }
}
