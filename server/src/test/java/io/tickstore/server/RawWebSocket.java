package io.tickstore.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client on a plain socket, for what a well-behaved client library will not send: frames cut
 * short, headers announcing more than follows, fragments, raw bytes. Frames are masked with a zero key
 * (valid per RFC 6455; the payload goes out as is).
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CONTINUATION = 0;
    static final int CLOSE = 8;
    static final int PING = 9;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A frame the server sent. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and upgrades; returns the upgraded socket, or throws naming the status line the server sent. */
    static RawWebSocket connect(int port, String path, Map<String, String> headers) throws IOException {
        return connect(port, path, headers, 0);
    }

    /**
     * As {@link #connect(int, String, Map)}, with the socket's receive buffer set to {@code receiveBufferBytes}
     * before connecting (0: the system default), so a client that stops reading pushes back on the server soon.
     */
    static RawWebSocket connect(int port, String path, Map<String, String> headers, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setTcpNoDelay(true);
        RawWebSocket ws = new RawWebSocket(socket);
        String response = ws.handshake(path, headers);
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + response);
        }
        return ws;
    }

    static RawWebSocket connect(int port) throws IOException {
        return connect(port, "/ws/ingest", Map.of());
    }

    /** Sends the upgrade request and returns the whole response head (status line and headers). */
    String handshake(String path, Map<String, String> headers) throws IOException {
        StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(new byte[16])).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A frame's header only (masked, zero key): {@code length} payload bytes are expected to follow. */
    void sendHeader(int opcode, boolean fin, long length) throws IOException {
        out.write(header(opcode, fin, length));
        out.flush();
    }

    static byte[] header(int opcode, boolean fin, long length) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(14);
        h.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            h.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            h.write(0x80 | 126);
            h.write((int) (length >>> 8));
            h.write((int) length);
        } else {
            h.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                h.write((int) (length >>> shift));
            }
        }
        h.writeBytes(new byte[4]); // zero mask key
        return h.toByteArray();
    }

    void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(header(opcode, fin, payload.length));
        out.write(payload);
        out.flush();
    }

    void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server; null when the connection ended or nothing came within {@code millis}. */
    Frame read(long millis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, millis));
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = readByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = ((long) readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            return new Frame(b0 & 0x0F, payload);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null; // reset by the server
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** Reads frames until a close frame, skipping others; null if the connection ends or times out first. */
    Frame awaitClose(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long left;
        while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
            Frame f = read(left);
            if (f == null) {
                return null;
            }
            if (f.opcode() == CLOSE) {
                return f;
            }
        }
        return null;
    }

    /** True once the server has closed the TCP connection (reads end), within {@code millis}. */
    boolean awaitEnd(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        socket.setSoTimeout((int) Math.max(1, millis));
        byte[] sink = new byte[8192];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
