package io.llmrelay.schemas.serde;

/**
 * Avro 1.12.2 refuses to instantiate classes from packages it has not been told to trust
 * ({@code SecurityException ... not trusted}). The generated contracts live in one package; trust
 * it once, before the first decoder is built, keeping whatever an operator configured.
 */
final class TrustedPackages {

    static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    static final String CONTRACTS = "io.llmrelay.schemas";

    private TrustedPackages() {
    }

    static synchronized void trustGeneratedContracts() {
        String current = System.getProperty(PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(PROPERTY, CONTRACTS);
        } else if (!(("," + current + ",").contains("," + CONTRACTS + ","))) {
            System.setProperty(PROPERTY, current + "," + CONTRACTS);
        }
    }
}
