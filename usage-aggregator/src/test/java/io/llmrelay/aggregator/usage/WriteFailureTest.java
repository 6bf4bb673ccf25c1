package io.llmrelay.aggregator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteFailureTest {

    @ParameterizedTest(name = "SQLSTATE {0} -> {1}")
    @CsvSource({
            "22001, ROW_REJECTED",   // value too long for type character varying
            "22021, ROW_REJECTED",   // invalid byte sequence (a NUL in a string)
            "23502, ROW_REJECTED",   // not-null violation
            "23514, ROW_REJECTED",   // check violation
            "08001, UNAVAILABLE",    // cannot connect
            "08006, UNAVAILABLE",    // connection failure
            "57P01, UNAVAILABLE",    // admin shutdown
            "53300, UNAVAILABLE",    // too many connections
            "40001, UNAVAILABLE",    // serialization failure
            "42P01, UNAVAILABLE"})   // undefined table: wait for the schema, do not dead-letter the data
    void classifiesBySqlStateClass(String sqlState, WriteFailure expected) {
        RuntimeException failure = new DataAccessException("SQL [insert ...]", new SQLException("boom", sqlState));

        assertThat(WriteFailure.classify(failure)).isEqualTo(expected);
    }

    @Test
    void findsTheDriverExceptionBehindSeveralWrappers() {
        SQLException driver = new SQLException("value too long for type character varying(100)", "22001");
        RuntimeException failure = new IllegalStateException("outer", new DataAccessException("jOOQ", driver));

        assertThat((Throwable) WriteFailure.sqlCause(failure)).isSameAs(driver);
        assertThat(WriteFailure.classify(failure)).isEqualTo(WriteFailure.ROW_REJECTED);
    }

    @Test
    void treatsAPoolTimeoutWithoutSqlStateAsUnavailable() {
        RuntimeException failure = new DataAccessException("jOOQ",
                new SQLTransientConnectionException("usage-aggregator - Connection is not available", null,
                        new ConnectException("Connection refused")));

        assertThat(WriteFailure.classify(failure)).isEqualTo(WriteFailure.UNAVAILABLE);
    }

    @Test
    void treatsAFailureWithNoSqlExceptionAsUnavailable() {
        assertThat(WriteFailure.classify(new org.apache.kafka.common.KafkaException("dead-letter topic down")))
                .isEqualTo(WriteFailure.UNAVAILABLE);
    }
}
