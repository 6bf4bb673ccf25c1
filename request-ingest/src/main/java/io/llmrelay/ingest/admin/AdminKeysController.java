package io.llmrelay.ingest.admin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.RelayKafkaProperties;
import io.llmrelay.ingest.auth.DatabaseRelayKeys;
import io.llmrelay.ingest.auth.KeyHash;
import io.llmrelay.ingest.kafka.AuditPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /admin/keys}: create, list, show, rotate and revoke relay keys. A plain key appears once, in the answer to
 * the create or rotate that made it; the database and every audit event hold its hash or a short fingerprint only.
 * Each change is an {@code AuditEvent} on {@code llm.audit} ({@code relay_key.created|rotated|revoked}, subject the
 * public id, actor {@code admin}); the call waits for Kafka to take it, within {@code relay.kafka.operation-timeout},
 * and answers anyway when it does not (the change is made; the failure is logged as an error). The replica that
 * made a change reloads its key snapshot before answering, so the change holds there at once; the other replicas
 * pick it up with their next refresh ({@code relay.ingest.keys-refresh}).
 */
@RestController
@RequestMapping("/admin/keys")
@Conditional(AdminApiEnabled.class)
class AdminKeysController {

    private static final Logger log = LoggerFactory.getLogger(AdminKeysController.class);
    /** Bound for applying a change to this replica's snapshot before answering (the query takes milliseconds). */
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(3);

    private final RelayKeyStore store;
    private final KeyRequests requests;
    private final NewKeys newKeys;
    private final AuditPublisher audit;
    private final Duration auditTimeout;
    private final DatabaseRelayKeys snapshot;
    private final Clock clock;

    AdminKeysController(RelayKeyStore store, DatabaseRelayKeys snapshot, JsonMapper json, IngestProperties properties,
                        AuditPublisher audit, RelayKafkaProperties kafka, Clock clock) {
        this.store = store;
        this.snapshot = snapshot;
        this.requests = new KeyRequests(json, properties.models());
        this.newKeys = new NewKeys();
        this.audit = audit;
        this.auditTimeout = kafka.operationTimeout();
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<IssuedKey> create(@RequestBody(required = false) byte[] body) {
        KeySpec spec = requests.create(body, clock.instant());
        String key = newKeys.key();
        KeyView created = store.insert(newKeys.publicId(), KeyHash.sha256Hex(key), spec);
        log.info("created relay key {} for user {} (team {})", created.id(), created.userId(), created.teamId());
        snapshot.refreshNow(REFRESH_TIMEOUT);
        awaitAudit(audit.adminAction("relay_key.created", created.id(), KeyHash.auditFingerprint(key), details(created)));
        return ResponseEntity.created(URI.create("/admin/keys/" + created.id())).body(new IssuedKey(created, key));
    }

    @GetMapping
    Map<String, Object> list() {
        List<KeyView> keys = store.list();
        return Map.of("object", "list", "data", keys);
    }

    @GetMapping("/{id}")
    KeyView show(@PathVariable String id) {
        return store.find(id).orElseThrow(() -> AdminException.notFound(bounded(id)));
    }

    @PostMapping("/{id}/rotate")
    IssuedKey rotate(@PathVariable String id, @RequestBody(required = false) byte[] body) {
        Duration grace = requests.grace(body);
        String key = newKeys.key();
        KeyView rotated = store.rotate(id, KeyHash.sha256Hex(key), grace).orElseThrow(() -> store.find(id)
                .map(existing -> AdminException.notLive(existing.id(), existing.status()))
                .orElseGet(() -> AdminException.notFound(bounded(id))));
        log.info("rotated relay key {}; the replaced key stays valid until {}", rotated.id(),
                rotated.previousValidUntil());
        snapshot.refreshNow(REFRESH_TIMEOUT);
        Map<String, String> details = details(rotated);
        details.put("grace_period", grace.toString());
        awaitAudit(audit.adminAction("relay_key.rotated", rotated.id(), KeyHash.auditFingerprint(key), details));
        return new IssuedKey(rotated, key);
    }

    @PostMapping("/{id}/revoke")
    KeyView revoke(@PathVariable String id) {
        KeyView revoked = store.revoke(id).orElse(null);
        if (revoked == null) {
            // revoking twice is harmless: answer with the key as it is, no second audit event
            return store.find(id).orElseThrow(() -> AdminException.notFound(bounded(id)));
        }
        log.info("revoked relay key {} of user {}", revoked.id(), revoked.userId());
        snapshot.refreshNow(REFRESH_TIMEOUT);
        awaitAudit(audit.adminAction("relay_key.revoked", revoked.id(), null, details(revoked)));
        return revoked;
    }

    @DeleteMapping("/{id}")
    KeyView delete(@PathVariable String id) {
        return revoke(id);
    }

    private static Map<String, String> details(KeyView key) {
        Map<String, String> details = new HashMap<>();
        details.put("user_id", key.userId());
        if (key.teamId() != null) {
            details.put("team_id", key.teamId());
        }
        if (key.allowedModels() != null) {
            details.put("allowed_models", String.join(",", key.allowedModels().stream().sorted().toList()));
        }
        if (key.expiresAt() != null) {
            details.put("expires_at", key.expiresAt().toString());
        }
        if (key.rpmLimit() != null) {
            details.put("rpm_limit", key.rpmLimit().toString());
        }
        if (key.budgetMicroUsd() != null) {
            details.put("budget_micro_usd", key.budgetMicroUsd().toString());
        }
        if (key.previousValidUntil() != null) {
            details.put("previous_valid_until", key.previousValidUntil().toString());
        }
        return details;
    }

    private void awaitAudit(CompletableFuture<Void> sent) {
        try {
            sent.get(auditTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // AuditPublisher has logged the failure with the event's action and subject; the change itself is made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String bounded(String id) {
        return id.length() <= KeyRequests.MAX_ID_CHARS ? id : id.substring(0, KeyRequests.MAX_ID_CHARS) + "…";
    }
}
