package io.tickstore.query;

/** A query parameter that is missing or wrong; becomes a 400 reply naming it. */
public final class BadParameter extends Exception {
    private final String parameter;

    public BadParameter(String parameter, String problem) {
        super(parameter + ": " + problem, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
