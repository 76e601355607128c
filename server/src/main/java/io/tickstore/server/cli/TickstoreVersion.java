package io.tickstore.server.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code tickstore --version}: the version in the jar's manifest (the Maven project version). */
final class TickstoreVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TickstoreVersion.class.getPackage().getImplementationVersion();
        return new String[] {"tickstore " + (version == null ? "(development build)" : version),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
