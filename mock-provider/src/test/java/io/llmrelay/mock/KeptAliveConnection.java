package io.llmrelay.mock;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection that sends request after request, like a pooled client connection. Raw,
 * because a pooling client hides (and sometimes retries) exactly the closed connections a test of
 * connection reuse needs to see.
 */
final class KeptAliveConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final String host;

    KeptAliveConnection(URI baseUrl) throws IOException {
        socket = new Socket(baseUrl.getHost(), baseUrl.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        host = baseUrl.getHost() + ":" + baseUrl.getPort();
    }

    /** Posts a chat completion and returns the status; throws if the server has closed the connection. */
    int chat(String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                + ChatClient.KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n";
        byte[] request = new byte[head.length() + content.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(content, 0, request, head.length(), content.length);
        // one write: a second small segment would wait for the server's delayed ACK (Nagle), 40 ms a request
        socket.getOutputStream().write(request);
        return readResponse();
    }

    private int readResponse() throws IOException {
        String[] lines = readHead().split("\r\n");
        int contentLength = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        if (in.readNBytes(contentLength).length < contentLength) {
            throw new EOFException("connection closed inside a response body");
        }
        return Integer.parseInt(lines[0].split(" ")[1]);
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("connection closed by the server before a response");
            }
            head.append((char) next);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
