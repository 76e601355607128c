package io.tickstore.store.write;

import io.tickstore.config.PortfolioConfig;
import io.tickstore.config.WarmConfig;
import io.tickstore.store.sink.JournalBatch;
import io.tickstore.store.sink.Sink;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm tier: DuckDB as a sink. Each batch is one transaction holding the batch's rows and the
 * journal index of its last message ({@link DuckDbApplier}), on the sink's own connection. After a
 * failed batch the connection and the applier are thrown away and rebuilt from what DuckDB holds (the
 * appenders may hold rows of the failed batch, the bars, positions and quotes moved with them, and a
 * statement may have failed half way), so the retry starts clean from the applied index.
 *
 * <p>Bars are written less often than rows ({@link DuckDbApplier}: every {@code barBatch} messages, when
 * a batch reached the journal's end, when idle and when closed); {@link #appliedIndex()} is the index up
 * to which both are stored, so the hot tier keeps what readers fold into stored bars until then and a
 * restart's replay starts there (the applier rebuilds missing bars from the stored ticks first).
 */
public final class DuckDbSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbSink.class);
    public static final String NAME = "duckdb";

    private final DuckDBConnection database;
    private final PortfolioConfig portfolio;
    private final int barBatch;
    private DuckDBConnection connection;
    private DuckDbApplier applier;
    private volatile long appliedIndex;

    /** {@code database}: a connection to the store's database; the sink writes on a duplicate of its own. */
    public DuckDbSink(DuckDBConnection database, PortfolioConfig portfolio) throws SQLException {
        this(database, portfolio, WarmConfig.DEFAULT_BAR_BATCH);
    }

    /** {@code barBatch} ({@code warm.bar_batch}): see {@link DuckDbApplier#commitBatch}. */
    public DuckDbSink(DuckDBConnection database, PortfolioConfig portfolio, int barBatch) throws SQLException {
        this.database = database;
        this.portfolio = portfolio;
        this.barBatch = barBatch;
        open();
        this.appliedIndex = applier.appliedIndex();
    }

    private void open() throws SQLException {
        connection = (DuckDBConnection) database.duplicate();
        try {
            applier = new DuckDbApplier(connection, portfolio, barBatch);
            if (applier.rebuiltTrades() > 0) {
                LOG.info("rebuilt the bars of {} stored trade ticks up to index {} (a crash came between rows and bars)",
                        applier.rebuiltTrades(), applier.appliedIndex());
            }
        } catch (SQLException | RuntimeException e) {
            closeConnection(e);
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public void apply(JournalBatch batch) throws Exception {
        if (applier == null) {
            open();
        }
        try {
            while (batch.next()) {
                applier.apply(batch.message(), batch.index());
            }
            applier.commitBatch(batch.reachedEnd());
        } catch (Exception | LinkageError e) {
            discardApplier(e);
            throw e;
        }
        appliedIndex = applier.appliedIndex();
    }

    /**
     * Writes the bars earlier batches left in memory; after a failure, reopening rebuilds them from the
     * stored ticks instead.
     */
    @Override
    public void idle() throws Exception {
        if (applier == null) {
            open();
        }
        try {
            applier.writeBars();
        } catch (Exception | LinkageError e) {
            discardApplier(e);
            throw e;
        }
        appliedIndex = applier.appliedIndex();
    }

    private void discardApplier(Throwable cause) {
        try {
            applier.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
            LOG.warn("closing the DuckDB applier after a failed batch: {}", e.toString());
        }
        applier = null;
        closeConnection(cause);
    }

    private void closeConnection(Throwable cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        connection = null;
    }

    /**
     * Writes the bars left in memory (so that the next start has none to rebuild), then discards anything
     * not committed and closes the appenders and the sink's connection.
     */
    @Override
    public void close() throws SQLException {
        if (applier != null) {
            try {
                applier.writeBars();
                appliedIndex = applier.appliedIndex();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("writing the DuckDB sink's last bars while closing failed (the next start rebuilds them "
                        + "from the stored ticks): {}", e.toString());
            }
            try {
                applier.close();
            } finally {
                applier = null;
                connection.close();
                connection = null;
            }
        }
    }
}
