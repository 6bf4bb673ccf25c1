package io.llmrelay.aggregator.budget;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A budget as the admin API shows it; {@code subject} is the key of its status and alerts ({@code user:alice}). */
record BudgetView(@JsonProperty("subject") String subject,
                  @JsonProperty("subject_type") String subjectType,
                  @JsonProperty("subject_id") String subjectId,
                  @JsonProperty("limit_micros") long limitMicros,
                  @JsonProperty("period") String period,
                  @JsonProperty("thresholds_percent") List<Integer> thresholdsPercent,
                  @JsonProperty("hard") boolean hard,
                  @JsonProperty("created_at") Instant createdAt,
                  @JsonProperty("updated_at") Instant updatedAt) {
}
