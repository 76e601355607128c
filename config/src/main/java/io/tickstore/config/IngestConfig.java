package io.tickstore.config;

/**
 * The ingest WebSocket endpoint.
 *
 * @param maxFrameBytes       largest frame (a whole message, fragments added up) accepted; a larger one closes
 *                            the connection with code 1009 as soon as its size is known, without buffering it
 * @param maxMessagesPerFrame most JSON objects in one frame's array
 * @param maxConnections      concurrent ingest connections
 * @param frameTimeoutMillis  longest a frame may take to arrive once its first byte has; a frame still incomplete
 *                            after it (a stalled or trickling client) closes the connection with code 1008
 */
public record IngestConfig(int maxFrameBytes, int maxMessagesPerFrame, int maxConnections, int frameTimeoutMillis) {
    public static final int DEFAULT_FRAME_TIMEOUT_MILLIS = 10_000;

    public IngestConfig(int maxFrameBytes, int maxMessagesPerFrame, int maxConnections) {
        this(maxFrameBytes, maxMessagesPerFrame, maxConnections, DEFAULT_FRAME_TIMEOUT_MILLIS);
    }

    public IngestConfig withMaxFrameBytes(int maxFrameBytes) {
        return new IngestConfig(maxFrameBytes, maxMessagesPerFrame, maxConnections, frameTimeoutMillis);
    }

    public IngestConfig withMaxMessagesPerFrame(int maxMessagesPerFrame) {
        return new IngestConfig(maxFrameBytes, maxMessagesPerFrame, maxConnections, frameTimeoutMillis);
    }

    public IngestConfig withMaxConnections(int maxConnections) {
        return new IngestConfig(maxFrameBytes, maxMessagesPerFrame, maxConnections, frameTimeoutMillis);
    }

    public IngestConfig withFrameTimeoutMillis(int frameTimeoutMillis) {
        return new IngestConfig(maxFrameBytes, maxMessagesPerFrame, maxConnections, frameTimeoutMillis);
    }
}
