package io.llmrelay.aggregator.totals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.llmrelay.schemas.Budget;
import io.llmrelay.schemas.BudgetStatus;
import io.llmrelay.schemas.UsageEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subject's totals and budget, keyed by subject ({@code user:alice}). Adds each attempt to the day and month
 * of its {@code occurred_at} (in the configured zone), raises each budget threshold once per period, and keeps
 * the subject's status current.
 *
 * <p>Every piece of state is a logged state store, written in the same exactly-once transaction as the records
 * this processor emits: after a crash or restart, "already alerted" and "last status" are exactly what was
 * published, so no alert repeats and none is lost.
 *
 * <p>The status reflects the newest period of the subject's budget seen so far: a late attempt for yesterday
 * updates yesterday's totals (and may raise yesterday's alerts) but does not overwrite today's status. A
 * wall-clock punctuator publishes the fresh period's status when a day or month begins, so a subject blocked
 * yesterday is unblocked at midnight even if it sends nothing (it cannot, while blocked).
 */
final class SpendProcessor implements Processor<String, SubjectEvent, String, Outcome> {

    private static final Logger log = LoggerFactory.getLogger(SpendProcessor.class);

    static final String TOTALS_STORE = "totals";
    static final String ALERTED_STORE = "budget-thresholds-alerted";
    static final String BUDGETS_STORE = "budgets";
    static final String STATUS_STORE = "budget-status-published";

    private final ZoneId zone;
    private final Duration retention;
    private final Duration statusRefresh;
    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, Totals> totals;
    private KeyValueStore<String, String> alerted;
    private KeyValueStore<String, Budget> budgets;
    private KeyValueStore<String, BudgetStatus> statuses;

    /**
     * @param retention     how long totals and alerted thresholds of a past period are kept in the stores (the
     *                      database keeps them for good); past the retention the deduplicator drops late usage
     * @param statusRefresh how often the wall clock is checked for a new period, and old periods deleted
     */
    SpendProcessor(ZoneId zone, Duration retention, Duration statusRefresh) {
        this.zone = zone;
        this.retention = retention;
        this.statusRefresh = statusRefresh;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        totals = context.getStateStore(TOTALS_STORE);
        alerted = context.getStateStore(ALERTED_STORE);
        budgets = context.getStateStore(BUDGETS_STORE);
        statuses = context.getStateStore(STATUS_STORE);
        context.schedule(statusRefresh, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    /**
     * A budget record that is not one (a key that is not a budgeted subject, an unknown period) is logged and
     * skipped: failing would stop every subject's totals, again after each restart.
     */
    @Override
    public void process(Record<String, SubjectEvent> record) {
        try {
            Subject subject = Subject.parse(record.key());
            switch (record.value()) {
                case SubjectEvent.Spend spend -> spend(subject, spend);
                case SubjectEvent.BudgetSet set -> budgetSet(subject, set.budget());
                case SubjectEvent.BudgetRemoved ignored -> budgetRemoved(subject);
                case null -> log.error("skipping a null subject event for {}", subject.key());
            }
        } catch (IllegalArgumentException e) {
            log.error("skipping {} for subject '{}': {}", record.value() == null ? "a record"
                    : record.value().getClass().getSimpleName(), record.key(), e.getMessage());
        }
    }

    private void spend(Subject subject, SubjectEvent.Spend spend) {
        UsageEvent usage = spend.usage();
        for (Period.Kind kind : Period.Kind.values()) {
            String key = new TotalsKey(Period.of(kind, usage.getOccurredAt(), zone), subject).format();
            Totals current = totals.get(key);
            totals.put(key, (current == null ? Totals.ZERO : current).plus(usage, spend.firstOfRequest()));
        }
        Budget budget = subject.type().budgeted() ? budgets.get(subject.key()) : null;
        if (budget != null) {
            evaluate(subject, budget, Period.of(Period.Kind.of(budget.getPeriod()), usage.getOccurredAt(), zone));
        }
    }

    /** Checked before anything is stored: the wall-clock punctuator reads every stored budget. */
    private void budgetSet(Subject subject, Budget budget) {
        Period.Kind kind = Period.Kind.of(budget.getPeriod());
        if (!subject.type().budgeted() || budget.getLimitMicros() <= 0) {
            throw new IllegalArgumentException("a budget needs a user, team or key subject and a positive limit, not "
                    + budget.getLimitMicros() + " micro-USD");
        }
        budgets.put(subject.key(), budget);
        Period period = Period.of(kind, now(), zone);
        Period published = publishedPeriod(subject, kind);
        evaluate(subject, budget, published != null && published.compareTo(period) > 0 ? published : period);
    }

    private void budgetRemoved(Subject subject) {
        budgets.delete(subject.key());
        if (statuses.delete(subject.key()) != null) {
            context.forward(new Record<>(subject.key(), new Outcome.Status(null), context.currentSystemTimeMs()));
        }
    }

    /**
     * Raises the thresholds {@code period}'s spend newly reaches, and publishes the status when {@code period} is
     * not older than the one published and the status changed.
     */
    private void evaluate(Subject subject, Budget budget, Period period) {
        String key = new TotalsKey(period, subject).format();
        Totals spent = totals.get(key);
        long spentMicros = spent == null ? 0 : spent.costMicros();
        Instant now = now();
        Set<Integer> done = thresholds(alerted.get(key));
        List<Integer> reached = BudgetEvaluator.newlyReached(budget, spentMicros, done);
        for (int percent : reached) {
            forward(subject, new Outcome.Alert(BudgetEvaluator.alert(budget, period, percent, spentMicros, now)));
        }
        if (!reached.isEmpty()) {
            done.addAll(reached);
            alerted.put(key, done.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        Period published = publishedPeriod(subject, period.kind());
        if (published != null && published.compareTo(period) > 0) {
            return;
        }
        BudgetStatus next = BudgetEvaluator.status(budget, period, spentMicros, now);
        if (BudgetEvaluator.changed(statuses.get(subject.key()), next)) {
            statuses.put(subject.key(), next);
            forward(subject, new Outcome.Status(next));
        }
    }

    /** The period of the subject's published status when it is of {@code kind}; null if none or another kind. */
    private Period publishedPeriod(Subject subject, Period.Kind kind) {
        BudgetStatus last = statuses.get(subject.key());
        if (last == null) {
            return null;
        }
        Period period = Period.parse(last.getPeriod());
        return period.kind() == kind ? period : null;
    }

    private void onWallClock(long wallClockMs) {
        List<KeyValue<String, Budget>> all = new ArrayList<>();
        try (KeyValueIterator<String, Budget> iterator = budgets.all()) {
            iterator.forEachRemaining(all::add);
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (KeyValue<String, Budget> entry : all) {
            Subject subject = Subject.parse(entry.key);
            Period.Kind kind = Period.Kind.of(entry.value.getPeriod());
            Period current = Period.of(kind, now, zone);
            Period published = publishedPeriod(subject, kind);
            if (published == null || current.compareTo(published) > 0) {
                evaluate(subject, entry.value, current);
            }
        }
        deleteOldPeriods();
    }

    /**
     * Deletes totals and alerted thresholds of periods that ended more than the retention before the newest
     * event (stream time). Their changelog tombstones are ignored by the roll-up writer; the database keeps them.
     */
    private void deleteOldPeriods() {
        long streamTime = context.currentStreamTimeMs();
        if (streamTime < 0) {
            return;
        }
        LocalDate cutoff = LocalDate.ofInstant(Instant.ofEpochMilli(streamTime).minus(retention), zone);
        for (KeyValueStore<String, ?> store : List.of(totals, alerted)) {
            deleteBefore(store, new Period(Period.Kind.DAY, cutoff));
            deleteBefore(store, new Period(Period.Kind.MONTH, cutoff.withDayOfMonth(1)));
        }
    }

    /** Keys of {@code first}'s kind whose period starts before {@code first}: one range, as keys sort by period. */
    private static void deleteBefore(KeyValueStore<String, ?> store, Period first) {
        String prefix = TotalsKey.prefix(first.kind());
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ?> range = store.range(prefix, prefix + first.label())) {
            range.forEachRemaining(entry -> {
                if (TotalsKey.parse(entry.key).period().compareTo(first) < 0) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(store::delete);
    }

    private void forward(Subject subject, Outcome outcome) {
        context.forward(new Record<>(subject.key(), outcome, context.currentSystemTimeMs()));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private static Set<Integer> thresholds(String stored) {
        Set<Integer> set = new TreeSet<>();
        if (stored != null && !stored.isEmpty()) {
            Arrays.stream(stored.split(",")).map(Integer::valueOf).forEach(set::add);
        }
        return set;
    }
}
