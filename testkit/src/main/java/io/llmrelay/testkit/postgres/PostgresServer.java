package io.llmrelay.testkit.postgres;

/** A running PostgreSQL that tests and the local runner talk to. */
public interface PostgresServer extends AutoCloseable {

    /** JDBC URL of the server's default {@code postgres} database. */
    String jdbcUrl();

    String username();

    String password();

    /** Creates a new empty database and returns its JDBC URL; tests use one each to stay apart. */
    String createDatabase(String name);

    @Override
    void close();
}
