package io.tickstore.server.auth;

import io.tickstore.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link TokenSet} and re-reads the tokens file when its modification time or size
 * changes (checked every {@code pollMillis} on its own daemon thread), or on SIGHUP. A file that no longer
 * reads keeps the previous set, with an error naming the line in the log.
 */
final class TokenFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFileWatcher.class);

    private final Path file;
    private final AtomicReference<TokenSet> current;
    private final ScheduledExecutorService poller;
    private final Runnable onSighup = () -> poller().execute(this::reload);
    private Object lastSeen;

    /** Reads the file once (a malformed line stops start-up) and starts watching it. */
    TokenFileWatcher(Path file, long pollMillis) throws ConfigException {
        this.file = file;
        this.lastSeen = stamp();
        this.current = new AtomicReference<>(TokenFile.read(file));
        LOG.info("auth: {} tokens from {}", current.get().size(), file);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tickstore-tokens-file");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::reloadIfChanged, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        SighupReload.register(onSighup);
    }

    private ScheduledExecutorService poller() {
        return poller;
    }

    TokenSet tokens() {
        return current.get();
    }

    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private void reloadIfChanged() {
        Object now = stamp();
        if (!now.equals(lastSeen)) {
            lastSeen = now;
            reload();
        }
    }

    private void reload() {
        try {
            TokenSet next = TokenFile.read(file);
            current.set(next);
            LOG.info("auth: tokens file re-read, {} tokens", next.size());
        } catch (ConfigException e) {
            LOG.error("auth: {}; keeping the previous {} tokens", e.getMessage(), current.get().size());
        } catch (RuntimeException e) {
            LOG.error("auth: re-reading {} failed; keeping the previous tokens", file, e);
        }
    }

    @Override
    public void close() {
        SighupReload.unregister(onSighup);
        poller.shutdownNow();
    }
}
