package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class OutcomeChooserTest {

    private static final MockBehaviour MIXED =
            MockBehaviour.healthy().withErrorRate(0.2).withRateLimitRate(0.1).withMalformedRate(0.1);

    @Test
    void laysEachDrawAgainstErrorThenRateLimitThenMalformed() {
        // not exactly 0.3: 0.2 + 0.1 is 0.30000000000000004 in binary, and a boundary draw is vanishingly rare anyway
        double[] draws = {0.0, 0.199, 0.2, 0.299, 0.301, 0.399, 0.401, 0.999};
        PrimitiveIterator.OfDouble next = DoubleStream.of(draws).iterator();
        OutcomeChooser chooser = new OutcomeChooser(next::nextDouble);

        assertThat(DoubleStream.of(draws).mapToObj(ignored -> describe(chooser.choose(Directives.NONE, MIXED))))
                .containsExactly("500", "500", "429", "429", "malformed", "malformed", "completion", "completion");
    }

    @Test
    void aDirectiveWinsOverTheRates() throws RejectedRequest {
        OutcomeChooser chooser = new OutcomeChooser(() -> 0.0); // would be a 500 by the rates
        MockBehaviour failing = MockBehaviour.healthy().withErrorRate(1.0);

        assertThat(describe(chooser.choose(Directives.parse("[mock:status=200]"), failing))).isEqualTo("completion");
        assertThat(describe(chooser.choose(Directives.parse("[mock:status=429]"), failing))).isEqualTo("429");
        assertThat(describe(chooser.choose(Directives.parse("[mock:status=503]"), failing))).isEqualTo("503");
        assertThat(describe(chooser.choose(Directives.parse("[mock:malformed]"), failing))).isEqualTo("malformed");
    }

    @Test
    void randomDrawsHitEachRateAsAFractionOfRequests() {
        OutcomeChooser chooser = new OutcomeChooser();
        int requests = 20_000;

        Map<String, Long> counts = IntStream.range(0, requests)
                .mapToObj(ignored -> describe(chooser.choose(Directives.NONE, MIXED)))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        // 0.02 is over seven standard deviations of a binomial fraction at n = 20,000: not flaky
        assertThat(counts.get("500") / (double) requests).isBetween(0.18, 0.22);
        assertThat(counts.get("429") / (double) requests).isBetween(0.08, 0.12);
        assertThat(counts.get("malformed") / (double) requests).isBetween(0.08, 0.12);
        assertThat(counts.get("completion") / (double) requests).isBetween(0.58, 0.62);
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completion() -> "completion";
            case Outcome.Malformed() -> "malformed";
            case Outcome.Failure(OpenAiError error) -> Integer.toString(error.status());
        };
    }
}
