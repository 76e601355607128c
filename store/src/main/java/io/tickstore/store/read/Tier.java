package io.tickstore.store.read;

/** A place a read's rows come from, as the {@code X-Tickstore-Tiers} response header names it. */
public enum Tier {
    HOT("hot"), WARM("warm"), COLD("cold"), S3("s3"), POSTGRES("postgres");

    private final String label;

    Tier(String label) {
        this.label = label;
    }

    /** The name in the response header. */
    public String label() {
        return label;
    }
}
