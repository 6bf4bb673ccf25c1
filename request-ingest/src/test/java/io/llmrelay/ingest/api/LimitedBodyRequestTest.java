package io.llmrelay.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class LimitedBodyRequestTest {

    private static final int LIMIT = 100;

    @Test
    void readsABodyUpToTheLimit() throws IOException {
        MockHttpServletRequest request = request(LIMIT);

        byte[] read = new LimitedBodyRequest(request, LIMIT).getInputStream().readAllBytes();

        assertThat(read).hasSize(LIMIT);
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReadingAnything() throws IOException {
        MockHttpServletRequest request = request(LIMIT + 1);
        InputStream body = new LimitedBodyRequest(request, LIMIT).getInputStream();

        assertThatThrownBy(body::read).isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("101 bytes").hasMessageContaining("limit of 100");
        assertThat(request.getInputStream().readAllBytes()).hasSize(LIMIT + 1);
    }

    @Test
    void refusesAChunkedBodyOneBytePastTheLimit() throws IOException {
        MockHttpServletRequest request = request(5_000);
        InputStream body = new LimitedBodyRequest(new ChunkedRequest(request), LIMIT).getInputStream();

        assertThatThrownBy(body::readAllBytes).isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("limit of 100");
        assertThat(request.getInputStream().readAllBytes()).hasSize(5_000 - LIMIT - 1);
    }

    @Test
    void readerIsBoundedToo() {
        LimitedBodyRequest limited = new LimitedBodyRequest(new ChunkedRequest(request(LIMIT * 3)), LIMIT);

        assertThatThrownBy(() -> limited.getReader().read(new char[LIMIT * 3]))
                .isInstanceOf(BodyTooLargeException.class);
    }

    private static MockHttpServletRequest request(int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/chat/completions");
        request.setContent("x".repeat(bytes).getBytes(StandardCharsets.UTF_8));
        return request;
    }

    /** MockHttpServletRequest derives a length from its content; a chunked request declares none. */
    private static final class ChunkedRequest extends HttpServletRequestWrapper {

        ChunkedRequest(MockHttpServletRequest request) {
            super(request);
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        @Override
        public int getContentLength() {
            return -1;
        }
    }
}
