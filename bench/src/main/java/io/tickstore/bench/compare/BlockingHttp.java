package io.tickstore.bench.compare;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 GETs on one kept-alive loopback socket, answered on the calling thread: the HTTP
 * counterpart of the blocking JDBC driver the SQL targets are queried with. The JDK's HttpClient
 * hands every exchange between its selector thread and an executor; on two cores shared with the
 * server that added ~0.15 ms to every request (measured against a reply of 30 KB: 0.19 ms with it,
 * 0.03 ms on a plain socket), a cost of the client, not of the server being compared.
 *
 * <p>Reads {@code Content-Length} and {@code chunked} bodies as UTF-8; reconnects once if the server
 * closed the idle connection. Not thread-safe: one caller at a time.
 */
final class BlockingHttp implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 300_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int connections;

    /**
     * A reply: status code, body text, its {@code X-Next-Cursor} header and tickstore's
     * {@code X-Tickstore-Tiers} header (each null when absent).
     */
    record Reply(String path, int status, String body, String nextCursor, String tiers) {
    }

    BlockingHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** GET {@code pathAndQuery} (starting with '/'). */
    Reply get(String pathAndQuery) throws IOException {
        byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        boolean fresh = socket == null;
        try {
            return exchange(pathAndQuery, request);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            return exchange(pathAndQuery, request); // the server may close an idle kept-alive connection
        }
    }

    /** Connections opened so far (1 while keep-alive holds). */
    int connections() {
        return connections;
    }

    private Reply exchange(String path, byte[] request) throws IOException {
        if (socket == null) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            out = s.getOutputStream();
            connections++;
        }
        out.write(request);
        out.flush();
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("GET " + path + ": not an HTTP/1.x status line: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("GET " + path + ": bad status line: " + status);
        }
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        String nextCursor = null;
        String tiers = null;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close |= value.equalsIgnoreCase("close");
                case "x-next-cursor" -> nextCursor = value;
                case "x-tickstore-tiers" -> tiers = value;
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = exactly(length);
        } else {
            body = in.readAllBytes(); // neither: the body runs to the end of the connection
            close = true;
        }
        if (close) {
            close();
        }
        return new Reply(path, code, new String(body, StandardCharsets.UTF_8), nextCursor, tiers);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            long n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            body.write(exactly(n));
            line(); // the CRLF after the chunk
        }
    }

    private byte[] exactly(long n) throws IOException {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException("body of " + n + " bytes is too large");
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length < n) {
            throw new EOFException("connection closed after " + b.length + " of " + n + " body bytes");
        }
        return b;
    }

    /** One header line without its CRLF; ISO-8859-1 as HTTP headers are. */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c == '\n') {
                int end = s.length();
                if (end > 0 && s.charAt(end - 1) == '\r') {
                    s.setLength(end - 1);
                }
                return s.toString();
            }
            s.append((char) c);
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing: nothing to do
            }
        }
    }
}
