package io.llmrelay.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12.2 refuses to instantiate classes from packages it has not been told to trust
 * ({@code SecurityException ... not trusted}), and reads the trust system property only once. The
 * generated contracts live in one package; it is added to Avro's global validator, which can be done
 * at any time, before the first generated class is used (see {@link TrustContractsConversion}).
 */
final class TrustedPackages {

    static final String CONTRACTS = "io.llmrelay.schemas";

    private static boolean done;

    private TrustedPackages() {
    }

    static synchronized void trustGeneratedContracts() {
        if (done) {
            return;
        }
        ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(type -> CONTRACTS.equals(type.getPackageName()) || previous.isTrusted(type));
        done = true;
    }
}
