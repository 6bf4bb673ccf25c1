package io.llmrelay.schemas.serde;

import org.apache.avro.Conversion;

/**
 * Not a conversion any schema uses: a hook. Every Avro model ({@code GenericData}, and so the
 * {@code SpecificData} each generated class builds in its static initialiser) loads the conversions
 * listed in {@code META-INF/services/org.apache.avro.Conversion}, so loading this class is the earliest
 * point at which the contracts' package can be trusted, whichever class a program touches first.
 */
public final class TrustContractsConversion extends Conversion<Object> {

    static {
        TrustedPackages.trustGeneratedContracts();
    }

    @Override
    public Class<Object> getConvertedType() {
        return Object.class;
    }

    @Override
    public String getLogicalTypeName() {
        return "io.llmrelay.trust-contracts";
    }
}
