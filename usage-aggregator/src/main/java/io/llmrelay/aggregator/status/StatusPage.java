package io.llmrelay.aggregator.status;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.llmrelay.aggregator.status.StatusRepository.Money;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders a {@link StatusSnapshot} as one self-contained HTML page: inline CSS, the spend chart as inline SVG drawn
 * here, no script, no external CDN or font. It works in any browser, with JavaScript off, and loads in one request.
 * Every value from the data is HTML-escaped: subject ids and reasons are other people's text.
 */
final class StatusPage {

    /** Bars in the chart, at most: the biggest spenders; the table lists the rest. */
    static final int CHART_ROWS = 20;
    private static final int CHART_WIDTH = 720;
    private static final int LABEL_WIDTH = 200;
    private static final int ROW_HEIGHT = 26;

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2329;\
            background:#f7f8fa}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
            .meta{color:#5b6570;font-size:13px}
            table{border-collapse:collapse;background:#fff;width:100%;font-size:14px}
            th,td{border-bottom:1px solid #e3e6ea;padding:6px 10px;text-align:left;vertical-align:top}
            th{background:#eef1f4;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .state{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
            .state-CLOSED{background:#d8f3dc;color:#1b5e20}.state-OPEN{background:#ffd6d6;color:#8e0000}
            .state-HALF_OPEN{background:#fff1c2;color:#6b4f00}.state-UNKNOWN,.state-DISABLED{background:#e3e6ea;\
            color:#39414a}
            .targets{font-size:12px;color:#39414a;margin:0;padding-left:16px}
            .over{color:#8e0000;font-weight:600}.near{color:#8a5a00;font-weight:600}
            svg{background:#fff;border:1px solid #e3e6ea}
            ul.alerts{list-style:none;padding:0;margin:0;background:#fff;border:1px solid #e3e6ea}
            ul.alerts li{padding:6px 10px;border-bottom:1px solid #e3e6ea;font-size:14px}
            .kind{display:inline-block;min-width:96px;font-size:12px;font-weight:600;text-transform:uppercase}
            .kind-budget{color:#8a5a00}.kind-credential,.kind-breaker{color:#8e0000}
            .empty{color:#5b6570;font-style:italic}
            """;

    private final ZoneId zone;
    private final DateTimeFormatter time;

    StatusPage(ZoneId zone) {
        this.zone = zone;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    String render(StatusSnapshot status) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"60\">")
                .append("<title>llm-relay status</title><style>").append(CSS).append("</style></head><body>")
                .append("<h1>llm-relay status</h1><p class=\"meta\">As of ").append(at(status.generatedAt()))
                .append(" (").append(e(zone.getId())).append("); reloads every minute.</p>");
        providers(html, status);
        spend(html, status);
        alerts(html, status.alerts());
        return html.append("</body></html>").toString();
    }

    private void providers(StringBuilder html, StatusSnapshot status) {
        html.append("<h2>Providers</h2><p class=\"meta\">Breakers as the workers last published them; attempts, error"
                + " rate, p95 latency and last success over the last ").append(duration(status.windowSeconds()))
                .append(".</p>");
        if (status.providers().isEmpty()) {
            html.append("<p class=\"empty\" id=\"no-providers\">No provider has been called or reported yet.</p>");
            return;
        }
        html.append("<table id=\"providers\"><thead><tr><th>Provider</th><th>Breaker</th><th>Attempts</th>")
                .append("<th>Error rate</th><th>p95 latency</th><th>Last success</th></tr></thead><tbody>");
        for (StatusSnapshot.ProviderStatus p : status.providers()) {
            html.append("<tr class=\"provider\" data-provider=\"").append(e(p.provider())).append("\"><td>")
                    .append(e(p.provider())).append("</td><td>").append(badge(p.state()));
            if (!p.breakers().isEmpty()) {
                html.append("<ul class=\"targets\">");
                for (StatusSnapshot.Breaker b : p.breakers()) {
                    html.append("<li>").append(e(b.target())).append(": ").append(e(b.state()));
                    if (b.reason() != null && !"CLOSED".equals(b.state())) {
                        html.append(" – ").append(e(b.reason()));
                    }
                    html.append("</li>");
                }
                html.append("</ul>");
            }
            html.append("</td><td class=\"num\">").append(p.attempts()).append("</td><td class=\"num\">")
                    .append(p.errorRate() == null ? "–" : percent(p.errorRate())).append("</td><td class=\"num\">")
                    .append(p.p95LatencyMs() == null ? "–" : Math.round(p.p95LatencyMs()) + " ms")
                    .append("</td><td>").append(p.lastSuccess() == null ? "none" : at(p.lastSuccess()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private void spend(StringBuilder html, StatusSnapshot status) {
        html.append("<h2>Spend in ").append(status.month()).append("</h2>");
        List<StatusSnapshot.Spend> rows = status.spend();
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\" id=\"no-spend\">No spend and no budgets this month.</p>");
            return;
        }
        chart(html, rows.subList(0, Math.min(rows.size(), CHART_ROWS)));
        html.append("<table id=\"spend\"><thead><tr><th>Subject</th><th>Spent this month</th><th>Budget</th>")
                .append("<th>Spent this budget period</th><th>Used</th></tr></thead><tbody>");
        for (StatusSnapshot.Spend s : rows) {
            String subject = s.subjectType() + ":" + s.subjectId();
            html.append("<tr class=\"spend-row\" data-subject=\"").append(e(subject)).append("\"><td>")
                    .append(e(subject)).append("</td><td class=\"num\">").append(Money.usd(s.monthSpentMicros()))
                    .append("</td>");
            if (s.limitMicros() == null) {
                html.append("<td class=\"budget\">none</td><td class=\"num\">–</td><td class=\"num\">–</td>");
            } else {
                html.append("<td class=\"budget\">").append(Money.usd(s.limitMicros())).append(" per ")
                        .append(e(s.budgetPeriod())).append(Boolean.TRUE.equals(s.hard()) ? " (hard)" : "")
                        .append("</td><td class=\"num\">").append(Money.usd(s.periodSpentMicros()))
                        .append("</td><td class=\"num ").append(level(s.utilisation())).append("\">")
                        .append(percent(s.utilisation())).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
    }

    /** Horizontal bars: the spend of each row's budget period (this month without a budget), with the limit marked. */
    private void chart(StringBuilder html, List<StatusSnapshot.Spend> rows) {
        double max = 1;
        for (StatusSnapshot.Spend s : rows) {
            max = Math.max(max, shown(s));
            if (s.limitMicros() != null) {
                max = Math.max(max, s.limitMicros());
            }
        }
        int barArea = CHART_WIDTH - LABEL_WIDTH - 110;
        int height = rows.size() * ROW_HEIGHT + 10;
        html.append("<svg id=\"spend-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"Spend per user and team against budget\">");
        int y = 5;
        for (StatusSnapshot.Spend s : rows) {
            String subject = s.subjectType() + ":" + s.subjectId();
            long spent = shown(s);
            int width = (int) Math.round(barArea * (spent / max));
            String colour = s.utilisation() == null ? "#4a78b5"
                    : s.utilisation() >= 1 ? "#c62828" : s.utilisation() >= 0.9 ? "#e0a100" : "#2e7d32";
            html.append("<g class=\"bar\" data-subject=\"").append(e(subject)).append("\"><title>").append(e(subject))
                    .append(": ").append(Money.usd(spent)).append(s.limitMicros() == null ? " this month"
                            : " of " + Money.usd(s.limitMicros()) + " per " + e(s.budgetPeriod())).append("</title>")
                    .append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(y + 16)
                    .append("\" text-anchor=\"end\" font-size=\"12\">").append(e(shorten(subject))).append("</text>")
                    .append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 4).append("\" width=\"")
                    .append(Math.max(width, 1)).append("\" height=\"16\" fill=\"").append(colour).append("\"/>");
            if (s.limitMicros() != null) {
                int limitX = LABEL_WIDTH + (int) Math.round(barArea * (s.limitMicros() / max));
                html.append("<line class=\"limit\" x1=\"").append(limitX).append("\" x2=\"").append(limitX)
                        .append("\" y1=\"").append(y + 1).append("\" y2=\"").append(y + 23)
                        .append("\" stroke=\"#1d2329\" stroke-width=\"2\"/>");
            }
            html.append("<text x=\"").append(LABEL_WIDTH + Math.max(width, 1) + 6).append("\" y=\"").append(y + 16)
                    .append("\" font-size=\"12\">").append(Money.usd(spent))
                    .append(s.utilisation() == null ? "" : " (" + percent(s.utilisation()) + ")")
                    .append("</text></g>");
            y += ROW_HEIGHT;
        }
        html.append("</svg>");
    }

    private void alerts(StringBuilder html, List<StatusSnapshot.Alert> alerts) {
        html.append("<h2>Recent alerts</h2>");
        if (alerts.isEmpty()) {
            html.append("<p class=\"empty\" id=\"no-alerts\">No recent alerts.</p>");
            return;
        }
        html.append("<ul class=\"alerts\" id=\"alerts\">");
        for (StatusSnapshot.Alert a : alerts) {
            html.append("<li class=\"alert alert-").append(e(a.kind())).append("\"><span class=\"kind kind-")
                    .append(e(a.kind())).append("\">").append(e(a.kind())).append("</span> ")
                    .append(a.at() == null ? "" : at(a.at())).append(" <strong>").append(e(a.subject()))
                    .append("</strong> ").append(e(a.message())).append("</li>");
        }
        html.append("</ul>");
    }

    private static long shown(StatusSnapshot.Spend s) {
        return s.periodSpentMicros() != null ? s.periodSpentMicros() : s.monthSpentMicros();
    }

    private static String level(Double utilisation) {
        return utilisation >= 1 ? "over" : utilisation >= 0.9 ? "near" : "";
    }

    private static String badge(String state) {
        return "<span class=\"state state-" + e(state) + "\">" + e(state) + "</span>";
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    private static String shorten(String text) {
        return text.length() <= 30 ? text : text.substring(0, 29) + "…";
    }

    private static String duration(long seconds) {
        return seconds % 3600 == 0 ? (seconds / 3600 == 1 ? "hour" : seconds / 3600 + " hours")
                : seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    }

    private String at(Instant instant) {
        return time.format(instant);
    }

    private static String e(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
