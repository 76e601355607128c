package io.tickstore.store.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.read.ReaderPool.ReaderBusyException;
import io.tickstore.store.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReaderPoolTest {
    @TempDir
    Path dir;

    private DuckDBConnection db;
    private final ExecutorService workers = Executors.newCachedThreadPool();

    @BeforeEach
    void open() throws SQLException {
        db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("t.duckdb").toAbsolutePath());
        SchemaMigrator.migrate(db);
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO system_metrics SELECT TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND, 'm', i, NULL "
                    + "FROM range(1000) t(i)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        workers.shutdownNow();
        db.close();
    }

    private static long metrics(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM system_metrics")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void holdsTheConfiguredNumberOfConnectionsAndRoundsTheTimeoutUpToSeconds() throws SQLException {
        try (ReaderPool pool = new ReaderPool(db, 3, 1500)) {
            assertEquals(3, pool.size());
            assertEquals(2, pool.queryTimeoutSeconds());
        }
        try (ReaderPool pool = new ReaderPool(db, 1, 100)) {
            assertEquals(1, pool.queryTimeoutSeconds(), "never 0, which JDBC reads as no timeout");
        }
    }

    @Test
    void readersAreNotTheWriterConnectionAndSeeCommittedData() throws SQLException {
        try (ReaderPool pool = new ReaderPool(db, 2, 1000)) {
            Connection used = pool.read(c -> c);
            assertNotSame(db, used);
            assertEquals(1000, pool.read(ReaderPoolTest::metrics));
            try (Statement s = db.createStatement()) {
                s.execute("BEGIN TRANSACTION");
                s.execute("DELETE FROM system_metrics");
                assertEquals(1000, pool.read(ReaderPoolTest::metrics), "uncommitted writes are invisible");
                s.execute("COMMIT");
            }
            assertEquals(0, pool.read(ReaderPoolTest::metrics));
        }
    }

    @Test
    void everyConnectionServesAConcurrentRead() throws Exception {
        int size = 4;
        try (ReaderPool pool = new ReaderPool(db, size, 30_000)) {
            CyclicBarrier allInside = new CyclicBarrier(size);
            Set<Connection> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                results.add(workers.submit(() -> pool.read(c -> {
                    seen.add(c);
                    try {
                        allInside.await(60, TimeUnit.SECONDS); // only passes when all reads hold a connection at once
                    } catch (Exception e) {
                        throw new SQLException(e);
                    }
                    return metrics(c);
                })));
            }
            for (Future<Long> r : results) {
                assertEquals(1000, r.get(60, TimeUnit.SECONDS));
            }
            assertEquals(size, seen.size(), "four distinct connections");
        }
    }

    @Test
    void aReadFailsWithReaderBusyWhenEveryConnectionStaysHeld() throws Exception {
        try (ReaderPool pool = new ReaderPool(db, 2, 200)) {
            CountDownLatch held = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<Future<Long>> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                holders.add(workers.submit(() -> pool.read(c -> {
                    held.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return metrics(c);
                })));
            }
            assertTrue(held.await(60, TimeUnit.SECONDS));
            ReaderBusyException busy = assertThrows(ReaderBusyException.class, () -> pool.read(ReaderPoolTest::metrics));
            assertTrue(busy.getMessage().contains("all 2 reader connections") && busy.getMessage().contains("200 ms"),
                    busy.getMessage());

            release.countDown();
            for (Future<Long> h : holders) {
                assertEquals(1000, h.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1000, pool.read(ReaderPoolTest::metrics), "connections come back to the pool");
        }
    }

    @Test
    void aConnectionReturnsToThePoolWhenTheQueryThrows() throws SQLException {
        try (ReaderPool pool = new ReaderPool(db, 1, 200)) {
            assertThrows(SQLException.class, () -> pool.read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeQuery("SELECT * FROM no_such_table");
                }
            }));
            assertEquals(1000, pool.read(ReaderPoolTest::metrics));
        }
    }

    @Test
    void theQueryTimeoutInterruptsALongQueryAndTheConnectionStaysUsable() throws SQLException {
        try (ReaderPool pool = new ReaderPool(db, 1, 1000)) {
            SQLException e = assertThrows(SQLException.class, () -> pool.read(c -> {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(pool.queryTimeoutSeconds());
                    // ~10^12 row pairs: minutes of work, unless interrupted
                    try (ResultSet rs = s.executeQuery(
                            "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE (a.range * b.range) % 7 = 3")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            }));
            assertTrue(e.getMessage().toLowerCase().contains("interrupt"), e.getMessage());
            assertEquals(1000, pool.read(ReaderPoolTest::metrics), "the interrupted connection serves the next read");
        }
    }
    @Test
    void aKeptStatementIsReusedPerConnectionAndSqlAndClosedPastTheBoundAndAtClose() throws SQLException {
        java.sql.PreparedStatement first;
        List<java.sql.PreparedStatement> more = new ArrayList<>();
        java.sql.PreparedStatement[] again = new java.sql.PreparedStatement[1];
        java.sql.PreparedStatement[] fresh = new java.sql.PreparedStatement[1];
        try (ReaderPool pool = new ReaderPool(db, 1, 1000)) {
            String sql = "SELECT count(*) FROM system_metrics WHERE value < ?";
            first = pool.read(c -> pool.kept(c, sql));
            long below10 = pool.read(c -> {
                java.sql.PreparedStatement s = pool.kept(c, sql);
                again[0] = s;
                s.setLong(1, 10);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(10, below10, "the kept statement runs with this read's parameter");
            assertTrue(first == again[0], "the same SQL on the same connection: the same statement");
            assertEquals(pool.queryTimeoutSeconds(), first.getQueryTimeout(), "kept statements have the timeout");
            pool.read(c -> {
                for (int i = 0; i < ReaderPool.KEPT_PER_CONNECTION; i++) {
                    more.add(pool.kept(c, "SELECT " + i));
                }
                return null;
            });
            assertTrue(first.isClosed(), "the least recently used, past the bound, is closed");
            assertTrue(more.stream().noneMatch(st -> {
                try {
                    return st.isClosed();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }), "the most recent are kept");
            assertThrows(IllegalArgumentException.class, () -> pool.kept(db, sql), "the writer is no reader");
            java.sql.PreparedStatement last = more.get(more.size() - 1);
            fresh[0] = pool.read(c -> {
                pool.discard(c, "SELECT " + (ReaderPool.KEPT_PER_CONNECTION - 1));
                return pool.kept(c, "SELECT " + (ReaderPool.KEPT_PER_CONNECTION - 1));
            });
            assertTrue(last.isClosed(), "a discarded statement is closed");
            assertTrue(fresh[0] != last && !fresh[0].isClosed(), "and the next read prepares a new one");
        }
        more.add(fresh[0]);
        for (java.sql.PreparedStatement st : more) {
            assertTrue(st.isClosed(), "closing the pool closes what it kept");
        }
    }
}
