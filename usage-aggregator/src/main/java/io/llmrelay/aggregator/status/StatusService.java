package io.llmrelay.aggregator.status;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.llmrelay.schemas.BreakerState;
import io.llmrelay.schemas.ProviderHealth;
import io.llmrelay.schemas.kafka.CompactedTopicView;

/**
 * Puts the status together: breakers from the workers' {@code llm.provider.health} records (read into memory by a
 * {@link CompactedTopicView}), attempts, spend and alerts from PostgreSQL. Days and months are the totals' ones
 * ({@code relay.aggregator.totals.zone}), so the spend shown is the spend budgets are judged by.
 */
final class StatusService {

    private final StatusRepository repository;
    private final CompactedTopicView<ProviderHealth> health;
    private final StatusProperties properties;
    private final ZoneId zone;
    private final Clock clock;

    StatusService(StatusRepository repository, CompactedTopicView<ProviderHealth> health,
                  StatusProperties properties, ZoneId zone, Clock clock) {
        this.repository = repository;
        this.health = health;
        this.properties = properties;
        this.zone = zone;
        this.clock = clock;
    }

    StatusSnapshot snapshot() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        YearMonth month = YearMonth.from(today);
        Map<String, List<StatusSnapshot.Breaker>> breakers = breakers();
        Map<String, StatusRepository.ProviderUsage> usage = new TreeMap<>();
        repository.providerUsage(now.minus(properties.providerWindow())).forEach(u -> usage.put(u.provider(), u));
        TreeSet<String> names = new TreeSet<>(breakers.keySet());
        names.addAll(usage.keySet());
        names.addAll(repository.providersThisMonth(month.atDay(1)));
        List<StatusSnapshot.ProviderStatus> providers = names.stream()
                .map(name -> provider(name, breakers.getOrDefault(name, List.of()), usage.get(name))).toList();

        List<StatusSnapshot.Alert> alerts = new ArrayList<>();
        alerts.addAll(repository.budgetAlerts(properties.recentAlerts()));
        alerts.addAll(repository.credentialAlerts(properties.recentAlerts()));
        breakers.values().stream().flatMap(List::stream)
                .filter(b -> !BreakerState.CLOSED.name().equals(b.state()) && b.since() != null)
                .map(b -> new StatusSnapshot.Alert(b.since(), "breaker", b.target(),
                        "breaker " + b.state() + ": " + (b.reason() == null ? "no reason given" : b.reason())
                                + ", reported by " + b.reportedBy()))
                .forEach(alerts::add);
        alerts.sort(Comparator.comparing(StatusSnapshot.Alert::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return new StatusSnapshot(now, zone.getId(), month, properties.providerWindow().toSeconds(), providers,
                repository.spend(month.atDay(1), today, properties.maxSubjects()),
                List.copyOf(alerts.subList(0, Math.min(alerts.size(), properties.recentAlerts()))));
    }

    private Map<String, List<StatusSnapshot.Breaker>> breakers() {
        Map<String, List<StatusSnapshot.Breaker>> byProvider = new TreeMap<>();
        health.snapshot().values().stream()
                .sorted(Comparator.comparing(h -> h.getTarget() == null ? h.getProvider() : h.getTarget()))
                .forEach(h -> byProvider.computeIfAbsent(h.getProvider(), p -> new ArrayList<>())
                        .add(new StatusSnapshot.Breaker(h.getTarget() == null ? h.getProvider() : h.getTarget(),
                                h.getState().name(), h.getSince(), h.getReason(), h.getReportedBy())));
        return byProvider;
    }

    private static StatusSnapshot.ProviderStatus provider(String name, List<StatusSnapshot.Breaker> breakers,
                                                          StatusRepository.ProviderUsage usage) {
        String state = breakers.stream().map(StatusSnapshot.Breaker::state)
                .min(Comparator.comparingInt(StatusService::severity)).orElse("UNKNOWN");
        if (usage == null) {
            return new StatusSnapshot.ProviderStatus(name, state, breakers, 0, 0, null, null, null);
        }
        return new StatusSnapshot.ProviderStatus(name, state, breakers, usage.attempts(), usage.failures(),
                usage.attempts() == 0 ? null : (double) usage.failures() / usage.attempts(), usage.p95Ms(),
                usage.lastSuccess());
    }

    /** Lower is worse: the provider shows its worst target. */
    private static int severity(String state) {
        return switch (state) {
            case "OPEN" -> 0;
            case "HALF_OPEN" -> 1;
            case "CLOSED" -> 2;
            default -> 3;
        };
    }
}
