package io.llmrelay.aggregator.totals;

/**
 * Key of the totals and alerted-thresholds stores: {@code D|2026-11-26|user:alice} or {@code M|2026-11|team:a}.
 * Kind and period first, so the stores sort by period and old periods are deleted with one range scan; the same
 * strings key the totals changelog that the roll-up writer reads.
 */
public record TotalsKey(Period period, Subject subject) {

    public String format() {
        return prefix(period.kind()) + period.label() + "|" + subject.key();
    }

    /** Keys of {@code kind} sort from this string on. */
    static String prefix(Period.Kind kind) {
        return kind == Period.Kind.DAY ? "D|" : "M|";
    }

    /** @throws IllegalArgumentException when {@code key} is not a totals key */
    public static TotalsKey parse(String key) {
        int second = key.indexOf('|', 2);
        if (key.length() < 4 || key.charAt(1) != '|' || second < 0) {
            throw new IllegalArgumentException("'" + key + "' is not a totals key (D|yyyy-mm-dd|type:id or M|yyyy-mm|type:id)");
        }
        Period period = Period.parse(key.substring(2, second));
        Period.Kind expected = key.charAt(0) == 'D' ? Period.Kind.DAY : Period.Kind.MONTH;
        if (period.kind() != expected || (key.charAt(0) != 'D' && key.charAt(0) != 'M')) {
            throw new IllegalArgumentException("'" + key + "': prefix and period do not match");
        }
        return new TotalsKey(period, Subject.parse(key.substring(second + 1)));
    }
}
