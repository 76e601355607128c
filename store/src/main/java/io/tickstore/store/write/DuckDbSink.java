package io.tickstore.store.write;

import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.sink.JournalBatch;
import io.tickstore.store.sink.Sink;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm tier: DuckDB as a sink. Each batch is one transaction holding the batch's rows and the
 * journal index of its last message ({@link DuckDbApplier}). After a failed batch the applier is
 * rebuilt from what DuckDB holds (its appenders may hold rows of the failed batch, and its bars,
 * positions and quotes moved with them), so the retry starts clean from the applied index.
 */
public final class DuckDbSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbSink.class);
    public static final String NAME = "duckdb";

    private final DuckDBConnection connection;
    private final PortfolioConfig portfolio;
    private DuckDbApplier applier;
    private volatile long appliedIndex;

    public DuckDbSink(DuckDBConnection connection, PortfolioConfig portfolio) throws SQLException {
        this.connection = connection;
        this.portfolio = portfolio;
        this.applier = new DuckDbApplier(connection, portfolio);
        this.appliedIndex = applier.appliedIndex();
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
            applier = new DuckDbApplier(connection, portfolio);
        }
        try {
            while (batch.next()) {
                applier.apply(batch.message(), batch.index());
            }
            applier.commit();
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
    }

    /** Discards anything not committed and closes the appenders; the connection stays open. */
    @Override
    public void close() throws SQLException {
        if (applier != null) {
            applier.close();
            applier = null;
        }
    }
}
