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
 * journal index of its last message ({@link DuckDbApplier}), on the sink's own connection. After a
 * failed batch the connection and the applier are thrown away and rebuilt from what DuckDB holds (the
 * appenders may hold rows of the failed batch, the bars, positions and quotes moved with them, and a
 * statement may have failed half way), so the retry starts clean from the applied index.
 */
public final class DuckDbSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbSink.class);
    public static final String NAME = "duckdb";

    private final DuckDBConnection database;
    private final PortfolioConfig portfolio;
    private DuckDBConnection connection;
    private DuckDbApplier applier;
    private volatile long appliedIndex;

    /** {@code database}: a connection to the store's database; the sink writes on a duplicate of its own. */
    public DuckDbSink(DuckDBConnection database, PortfolioConfig portfolio) throws SQLException {
        this.database = database;
        this.portfolio = portfolio;
        open();
        this.appliedIndex = applier.appliedIndex();
    }

    private void open() throws SQLException {
        connection = (DuckDBConnection) database.duplicate();
        try {
            applier = new DuckDbApplier(connection, portfolio);
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

    /** Discards anything not committed and closes the appenders and the sink's connection. */
    @Override
    public void close() throws SQLException {
        if (applier != null) {
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
