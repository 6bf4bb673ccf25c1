package io.llmrelay.aggregator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrelay.aggregator.config.AggregatorProperties;
import jakarta.validation.constraints.Max;
import org.junit.jupiter.api.Test;

class UsageLogWriterTest {

    /** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
    private static final int POSTGRES_MAX_BIND_PARAMETERS = 65_535;

    @Test
    void theLargestAllowedBatchFitsInOneInsertStatement() throws NoSuchFieldException {
        long maxBatchSize = AggregatorProperties.class.getDeclaredField("batchSize").getAnnotation(Max.class).value();

        assertThat(maxBatchSize * UsageLogWriter.parametersPerRow()).isLessThanOrEqualTo(POSTGRES_MAX_BIND_PARAMETERS);
    }
}
