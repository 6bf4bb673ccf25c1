package io.llmrelay.ingest.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body cannot be read past a limit. A declared Content-Length over the limit fails the first read,
 * before any byte is taken from the connection; a chunked body (no Content-Length) fails as soon as one byte more
 * than the limit has arrived. Either way nothing reads unbounded input into memory.
 */
final class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream body;
    private BufferedReader reader;

    LimitedBodyRequest(HttpServletRequest request, long limit) {
        super(request);
        this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            body = new LimitedInputStream(super.getInputStream(), limit, getContentLengthLong());
        }
        return body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private final long declared;
        private long count;

        LimitedInputStream(ServletInputStream delegate, long limit, long declared) {
            this.delegate = delegate;
            this.limit = limit;
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            requireDeclaredLengthWithinLimit();
            int b = delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            requireDeclaredLengthWithinLimit();
            // never ask for more than one byte past the limit: that byte is enough to know the body is too large
            int wanted = (int) Math.min(length, limit - count + 1);
            int n = delegate.read(buffer, offset, Math.max(wanted, 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void requireDeclaredLengthWithinLimit() throws BodyTooLargeException {
            if (declared > limit) {
                throw new BodyTooLargeException(limit, declared);
            }
        }

        private void counted(int n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit, declared);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
