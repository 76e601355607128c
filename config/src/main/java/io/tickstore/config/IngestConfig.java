package io.tickstore.config;

/**
 * The ingest WebSocket endpoint.
 *
 * @param maxFrameBytes       largest text frame accepted; larger frames close the connection with code 1009
 * @param maxMessagesPerFrame most JSON objects in one frame's array
 * @param maxConnections      concurrent ingest connections
 */
public record IngestConfig(int maxFrameBytes, int maxMessagesPerFrame, int maxConnections) {

    public IngestConfig withMaxFrameBytes(int maxFrameBytes) {
        return new IngestConfig(maxFrameBytes, maxMessagesPerFrame, maxConnections);
    }

    public IngestConfig withMaxMessagesPerFrame(int maxMessagesPerFrame) {
        return new IngestConfig(maxFrameBytes, maxMessagesPerFrame, maxConnections);
    }

    public IngestConfig withMaxConnections(int maxConnections) {
        return new IngestConfig(maxFrameBytes, maxMessagesPerFrame, maxConnections);
    }
}
