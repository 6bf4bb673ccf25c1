package io.llmrelay.ingest.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body to {@code relay.ingest.max-body-size}. It only wraps the request: the refusal surfaces
 * when a handler reads the body, so the one error mapping place answers it (413) in OpenAI's format, and a request
 * that fails authentication first is answered 401 without its body being read.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limitBytes;

    BodySizeLimitFilter(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new LimitedBodyRequest(request, limitBytes), response);
    }
}
