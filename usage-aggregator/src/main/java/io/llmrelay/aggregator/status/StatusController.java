package io.llmrelay.aggregator.status;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /status}: the status page as HTML; {@code GET /status.json}: the same data. Rendered per request from
 * PostgreSQL and the in-memory breaker table; never cached, since it shows spend per user.
 */
@RestController
@ConditionalOnProperty(prefix = "relay.aggregator.status", name = "enabled", havingValue = "true",
        matchIfMissing = true)
class StatusController {

    private final StatusService status;
    private final StatusPage page;

    StatusController(StatusService status, StatusPage page) {
        this.status = status;
        this.page = page;
    }

    @GetMapping(path = "/status", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> html() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(page.render(status.snapshot()));
    }

    @GetMapping(path = "/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StatusSnapshot> json() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(status.snapshot());
    }
}
