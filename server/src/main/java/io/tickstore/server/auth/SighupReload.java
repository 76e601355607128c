package io.tickstore.server.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIGHUP re-reads the tokens file at once (where the JVM lets us handle the signal). */
final class SighupReload {
    private static final Logger LOG = LoggerFactory.getLogger(SighupReload.class);
    private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private SighupReload() {
    }

    static void unregister(Runnable listener) {
        LISTENERS.remove(listener);
    }

    static synchronized void register(Runnable listener) {
        LISTENERS.add(listener);
        if (!installed) {
            installed = true;
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> LISTENERS.forEach(Runnable::run));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("SIGHUP not available ({}); the tokens file is still re-read when it changes", e.toString());
            }
        }
    }
}
