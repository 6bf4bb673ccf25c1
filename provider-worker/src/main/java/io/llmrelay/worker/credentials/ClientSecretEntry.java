package io.llmrelay.worker.credentials;

import java.io.IOException;
import java.util.Optional;

import io.llmrelay.worker.provider.Secret;

/**
 * An OAuth2 client secret read from the source entry {@code <provider>-client-secret} each time a token is
 * requested, so a rotated secret is picked up by the next refresh. A refused entry is audited once per value, not
 * once per token request.
 */
final class ClientSecretEntry implements OAuth2TokenSupplier.ClientSecret {

    private final String provider;
    private final String entry;
    private final CredentialSource source;
    private final EntryDecoder decoder;
    private final CredentialEvents events;
    private String lastRefused;

    ClientSecretEntry(String provider, CredentialSource source, EntryDecoder decoder, CredentialEvents events) {
        this.provider = provider;
        this.entry = provider + "-client-secret";
        this.source = source;
        this.decoder = decoder;
        this.events = events;
    }

    @Override
    public synchronized Secret get() throws CredentialUnavailableException {
        Secret raw;
        try {
            raw = source.read().get(entry);
        } catch (IOException e) {
            throw new CredentialUnavailableException("provider '" + provider + "': cannot read " + source.name() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (raw == null) {
            throw new CredentialUnavailableException("provider '" + provider + "': no client secret: entry " + entry
                    + " is not in " + source.name() + " and relay.credentials.oauth2." + provider
                    + ".client-secret is unset");
        }
        return switch (decoder.decode(entry, raw, Optional.empty())) {
            case EntryDecoder.Usable usable -> {
                lastRefused = null;
                yield usable.value();
            }
            case EntryDecoder.Refused refused -> {
                if (!refused.rawFingerprint().equals(lastRefused)) {
                    lastRefused = refused.rawFingerprint();
                    events.refused(provider, source.name() + "/" + entry, refused);
                }
                throw new CredentialUnavailableException("provider '" + provider + "': entry " + entry + " of "
                        + source.name() + " " + refused.reason());
            }
        };
    }
}
