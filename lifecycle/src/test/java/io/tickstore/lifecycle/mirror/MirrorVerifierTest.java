package io.tickstore.lifecycle.mirror;

import static io.tickstore.lifecycle.mirror.MirrorFixture.fill;
import static io.tickstore.lifecycle.mirror.MirrorFixture.order;
import static io.tickstore.lifecycle.mirror.MirrorFixture.publish;
import static io.tickstore.lifecycle.mirror.MirrorFixture.ticks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.TickStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** verify-mirror's comparison: clean after mirroring, and every deliberately introduced difference named. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MirrorVerifierTest {
    @TempDir
    Path dir;
    private final MirrorFixture pg = new MirrorFixture();

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    private MirrorVerifier.Result verify(TickStore store, LocalDate from, LocalDate to) throws Exception {
        try (Connection mirror = pg.url.jdbc(pg.schema)) {
            return store.readers().read(duck -> {
                try {
                    return MirrorVerifier.verify(duck, mirror, from, to);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aMirroredStoreIsCleanAndADifferenceIsListedByPartition() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickStore store = TickStore.open(pg.storeConfig(dir), registry)) {
            store.addSink(new PostgresMirrorSink(pg.config(), pg.storeConfig(dir).portfolio(), registry),
                    PostgresMirrorSink.options(pg.config()));
            publish(store, ticks("NASDAQ", "AAPL", 1, 300));
            publish(store, ticks("NYSE", "IBM", 1, 100));
            publish(store, order("o-1", "10"));
            publish(store, fill("t-1", "o-1", "4", "99.5"));
            assertTrue(store.awaitStored(60, TimeUnit.SECONDS));

            MirrorVerifier.Result clean = verify(store, null, null);
            assertTrue(clean.clean(), clean.differences().toString());
            assertEquals(4, clean.partitions(), "ticks of two feeds, one order, one trade, all on 2024-01-02");
            assertEquals(store.journal().lastIndex(), clean.comparedUpToIndex());

            pg.pgExecute("UPDATE market_ticks SET last_price = last_price + 0.00000001 WHERE symbol = 'IBM' "
                    + "AND sequence_number = 7");
            pg.pgExecute("DELETE FROM trades");
            MirrorVerifier.Result broken = verify(store, null, null);
            assertEquals(2, broken.differences().size(), broken.differences().toString());
            assertEquals("market_ticks NYSE IBM 2024-01-02", broken.differences().get(0).partition().toString());
            assertTrue(broken.differences().get(0).toString().contains("tickstore count 100, sum(price) 10000.0000505, sum(size) 4.97; postgres count 100, sum(price) 10000.00005051"),
                    broken.differences().get(0).toString());
            assertEquals("trades NASDAQ AAPL 2024-01-02: tickstore count 1, sum(price) 99.5, sum(size) 4; "
                    + "postgres count 0, sum(price) null, sum(size) null", broken.differences().get(1).toString());

            assertTrue(verify(store, LocalDate.parse("2024-01-03"), null).clean(), "no partition on later days");
            assertEquals(0, verify(store, LocalDate.parse("2024-01-03"), LocalDate.parse("2024-01-04")).partitions());
        }
    }
}
