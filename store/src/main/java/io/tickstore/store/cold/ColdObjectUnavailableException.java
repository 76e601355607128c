package io.tickstore.store.cold;

/**
 * A read needs a cold partition that is only in S3 and the object cannot be fetched now. The HTTP
 * layer answers 503 naming the object; reads of other tiers are unaffected.
 */
public final class ColdObjectUnavailableException extends RuntimeException {
    private final ColdObject object;

    public ColdObjectUnavailableException(ColdObject object, String reason) {
        super("cold object " + object.key() + " (" + object.path() + ") is unavailable: " + reason);
        this.object = object;
    }

    public ColdObject object() {
        return object;
    }
}
