package io.llmrelay.worker.provider;

/** Which HTTP API a configured provider speaks; decides the adapter, the auth header and the key format. */
public enum ProviderKind {
    /** api.openai.com: {@code Authorization: Bearer}, {@code OpenAI-Organization}. */
    OPENAI,
    /** An Azure OpenAI resource: deployment URLs, {@code api-key} header or an Entra ID bearer token. */
    AZURE_OPENAI,
    /** Anthropic Messages API: {@code x-api-key}, {@code anthropic-version}. */
    ANTHROPIC,
    /** Any OpenAI-compatible server (vLLM, Ollama, Groq, the mock provider...): {@code Authorization: Bearer}. */
    OPENAI_COMPATIBLE
}
