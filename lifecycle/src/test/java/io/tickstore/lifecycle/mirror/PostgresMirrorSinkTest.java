package io.tickstore.lifecycle.mirror;

import static io.tickstore.lifecycle.mirror.MirrorFixture.duckText;
import static io.tickstore.lifecycle.mirror.MirrorFixture.fill;
import static io.tickstore.lifecycle.mirror.MirrorFixture.order;
import static io.tickstore.lifecycle.mirror.MirrorFixture.publish;
import static io.tickstore.lifecycle.mirror.MirrorFixture.ticks;
import static io.tickstore.lifecycle.mirror.MirrorFixture.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.TickStore;
import io.tickstore.store.sink.SinkRunner;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mirror against the machine's real PostgreSQL: the same rows as DuckDB, exactly, once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresMirrorSinkTest {
    @TempDir
    Path dir;
    private MirrorFixture pg;

    @BeforeEach
    void setUp() {
        pg = new MirrorFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    private static final String TICK_SUMS = "SELECT count(*) || ' ' || sum(last_price) || ' ' || sum(last_size) || ' ' "
            + "|| sum(bid_price) || ' ' || count(DISTINCT sequence_number) FROM market_ticks";
    private static final String POSITION = "SELECT quantity || ' ' || average_entry_price || ' ' || realized_pnl || ' ' "
            + "|| fees || ' ' || fill_count || ' ' || journal_index FROM positions";

    @Test
    void mirrorsEveryTableAsDuckDbHoldsItAndResumesAfterARestartWithoutDoubling() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickStore store = TickStore.open(pg.storeConfig(dir), registry)) {
            PostgresMirrorSink sink = new PostgresMirrorSink(pg.config(), pg.storeConfig(dir).portfolio(), registry);
            SinkRunner runner = store.addSink(sink, PostgresMirrorSink.options(pg.config()));
            publish(store, ticks("NASDAQ", "AAPL", 1, 1_000));
            publish(store, ticks("NYSE", "IBM", 1, 250));
            publish(store, order("o-1", "10"));
            publish(store, fill("t-1", "o-1", "4", "99.5"), fill("t-2", "o-1", "1.5", "100.25"));
            assertEquals(true, store.awaitStored(60, TimeUnit.SECONDS), "every sink stores what was acked");
            assertEquals(store.journal().lastIndex(), runner.sink().appliedIndex());

            assertEquals(duckText(store, TICK_SUMS), pg.pgText(TICK_SUMS));
            assertEquals(1_250, pg.pgLong("SELECT count(*) FROM market_ticks"));
            assertEquals(duckText(store, "SELECT status || ' ' || filled_quantity || ' ' || average_fill_price FROM orders"),
                    pg.pgText("SELECT status || ' ' || filled_quantity || ' ' || average_fill_price FROM orders"));
            assertEquals("partial 5.50000000 99.70454545", pg.pgText(
                    "SELECT status || ' ' || filled_quantity || ' ' || average_fill_price FROM orders"));
            assertEquals(duckText(store, "SELECT count(*) || ' ' || sum(quantity) || sum(price) FROM trades"),
                    pg.pgText("SELECT count(*) || ' ' || sum(quantity) || sum(price) FROM trades"));
            assertEquals(duckText(store, POSITION), pg.pgText(POSITION));
            assertEquals(duckText(store, "SELECT string_agg(quantity || '@' || realized_pnl, ',' ORDER BY journal_index) "
                    + "FROM position_snapshots"), pg.pgText("SELECT string_agg(quantity || '@' || realized_pnl, ',' "
                    + "ORDER BY journal_index) FROM position_snapshots"));
            assertEquals(duckText(store, "SELECT cash_flows FROM portfolio_state"),
                    pg.pgText("SELECT cash_flows FROM portfolio_state"));
            assertEquals(duckText(store, "SELECT last_price || ' ' || last_sequence FROM feed_state WHERE symbol = 'IBM'"),
                    pg.pgText("SELECT last_price || ' ' || last_sequence FROM feed_state WHERE symbol = 'IBM'"));
            assertEquals(store.journal().lastIndex(), pg.pgLong("SELECT applied_index FROM journal_applied"));
            assertEquals(1_250, registry.get("tickstore.mirror.rows").tag("table", "market_ticks").counter().count());
            assertEquals("BRIN index on market_ticks.timestamp (no timescaledb extension)",
                    pg.pgText("SELECT description FROM mirror_migrations WHERE version = 2"));
        }

        // Restart: the store and a new mirror on the same schema resume from the stored index.
        SimpleMeterRegistry again = new SimpleMeterRegistry();
        try (TickStore store = TickStore.open(pg.storeConfig(dir), again)) {
            PostgresMirrorSink sink = new PostgresMirrorSink(pg.config(), pg.storeConfig(dir).portfolio(), again);
            assertEquals(pg.pgLong("SELECT applied_index FROM journal_applied"), sink.appliedIndex());
            store.addSink(sink, PostgresMirrorSink.options(pg.config()));
            publish(store, ticks("NASDAQ", "AAPL", 1_001, 10));
            publish(store, fill("t-3", "o-1", "0.5", "101"));
            assertEquals(true, store.awaitStored(60, TimeUnit.SECONDS));
            assertEquals(duckText(store, TICK_SUMS), pg.pgText(TICK_SUMS));
            assertEquals(1_260, pg.pgLong("SELECT count(*) FROM market_ticks"));
            assertEquals(duckText(store, POSITION), pg.pgText(POSITION));
            assertEquals("3", pg.pgText("SELECT fill_count FROM positions"));
            assertEquals(3, pg.pgLong("SELECT count(*) FROM position_snapshots"));
        }
    }
}
