package io.tickstore.store.sink;

/**
 * A sink as {@code /ready} and the metrics show it.
 *
 * @param name          the sink's name
 * @param appliedIndex  the journal index it has durably applied up to ({@code -1}: none)
 * @param lagMessages   journaled messages it has not applied yet
 * @param lagSeconds    how long it has been behind: the time since it last had applied everything
 *                      journaled (0 when caught up)
 * @param state         running, retrying, failed or stopped
 * @param required      whether falling behind holds ingest back (else the sink is marked failed)
 * @param reason        why it is retrying or failed, else null
 */
public record SinkStatus(String name, long appliedIndex, long lagMessages, double lagSeconds, SinkState state,
                         boolean required, String reason) {
}
