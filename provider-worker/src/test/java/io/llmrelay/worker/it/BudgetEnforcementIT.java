package io.llmrelay.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.llmrelay.mock.MockBehaviour;
import io.llmrelay.mock.MockProvider;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.CompletionRequest;
import io.llmrelay.schemas.CompletionResult;
import io.llmrelay.schemas.CompletionStatus;
import io.llmrelay.schemas.budget.BudgetPeriods;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets as the workers apply them, end to end on the real broker: a team whose hard budget is exhausted for the
 * current month (a blocked {@code llm.budget.status} record, as the aggregator publishes it) gets REJECTED
 * {@code budget_exceeded} results without a provider being called, and is served again once the status says so; a
 * caller above a route's budget share goes to the route's cheaper target first.
 */
class BudgetEnforcementIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final String month = new BudgetPeriods(Clock.system(ZoneOffset.UTC), ZoneOffset.UTC)
            .current(BudgetPeriods.Kind.MONTH);

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeAfter.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aBlockedTeamIsRejectedWithoutAProviderCallAndServedAgainOnceUnblocked() {
        RelayTopics relay = new RelayTopics();
        closeAfter.add(relay);
        MockProvider mock = MockProvider.start(MockBehaviour.healthy());
        closeAfter.add(mock);
        closeAfter.add(Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers")));
        relay.write(relay.topics.budgetStatus(), "team:team-it", status("team-it", 12_340_000, 12_000_000, true));

        CompletionRequest blocked = Requests.request("over budget").build();
        await().atMost(WAIT).untilAsserted(() -> {
            // the worker's table follows the topic in the background: the first request may beat the status
            CompletionRequest probe = Requests.request("over budget").build();
            relay.send(probe);
            assertThat(result(relay, probe).getStatus()).isEqualTo(CompletionStatus.REJECTED);
        });
        long calls = mock.requestCount();
        relay.send(blocked);

        CompletionResult result = result(relay, blocked);
        assertThat(result.getStatus()).isEqualTo(CompletionStatus.REJECTED);
        assertThat(result.getError().getCode()).isEqualTo("budget_exceeded");
        assertThat(result.getError().getRetryable()).isFalse();
        assertThat(result.getError().getMessage())
                .isEqualTo("budget of team 'team-it' for " + month + " is exhausted: spent $12.34 of $12.00");
        assertThat(mock.requestCount()).as("no provider call for a blocked team").isEqualTo(calls);

        relay.write(relay.topics.budgetStatus(), "team:team-it", null);
        await().atMost(WAIT).untilAsserted(() -> {
            CompletionRequest again = Requests.request("within budget").build();
            relay.send(again);
            assertThat(result(relay, again).getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
        });
    }

    @Test
    void aCallerAboveTheRoutesBudgetShareIsSentToTheCheaperTargetFirst() {
        RelayTopics relay = new RelayTopics();
        closeAfter.add(relay);
        MockProvider mock = MockProvider.start(MockBehaviour.healthy());
        closeAfter.add(mock);
        closeAfter.add(Worker.start(Worker.args(relay, mock.baseUrl(), relay.prefix + "workers",
                "--relay.routing.routes.smart.targets[0].provider=openai",
                "--relay.routing.routes.smart.targets[0].model=gpt-4o",
                "--relay.routing.routes.smart.budget-fallback.provider=openai",
                "--relay.routing.routes.smart.budget-fallback.model=gpt-4o-mini",
                "--relay.routing.routes.smart.budget-fallback.above-share=0.8")));
        CompletionRequest before = Requests.request("hello").setModel("smart").build();
        relay.send(before);
        assertThat(result(relay, before).getModel()).isEqualTo("gpt-4o");

        // 85 % of a soft budget spent: not blocked, but above the route's share
        relay.write(relay.topics.budgetStatus(), "team:team-it", status("team-it", 8_500_000, 10_000_000, false));

        await().atMost(WAIT).untilAsserted(() -> {
            CompletionRequest after = Requests.request("hello").setModel("smart").build();
            relay.send(after);
            CompletionResult result = result(relay, after);
            assertThat(result.getStatus()).isEqualTo(CompletionStatus.SUCCEEDED);
            assertThat(result.getModel()).isEqualTo("gpt-4o-mini");
        });
    }

    private BudgetStatus status(String team, long spent, long limit, boolean blocked) {
        return BudgetStatus.newBuilder().setSubjectType("team").setSubjectId(team).setPeriod(month)
                .setSpentMicros(spent).setLimitMicros(limit).setBlocked(blocked).setUpdatedAt(Instant.now()).build();
    }

    private static CompletionResult result(RelayTopics relay, CompletionRequest request) {
        try (TopicReader<String, CompletionResult> results = relay.reader(relay.topics.results())) {
            return await().atMost(WAIT).until(() -> results.records().stream()
                            .filter(r -> r.key().equals(request.getRequestId())).map(ConsumerRecord::value).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
        }
    }
}
