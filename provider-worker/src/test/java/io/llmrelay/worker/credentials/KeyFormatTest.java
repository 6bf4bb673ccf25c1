package io.llmrelay.worker.credentials;

import static io.llmrelay.worker.provider.ProviderKind.ANTHROPIC;
import static io.llmrelay.worker.provider.ProviderKind.AZURE_OPENAI;
import static io.llmrelay.worker.provider.ProviderKind.OPENAI;
import static io.llmrelay.worker.provider.ProviderKind.OPENAI_COMPATIBLE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyFormatTest {

    @Test
    void acceptsKeysOfEachProvidersFormat() {
        assertThat(KeyFormat.problem(OPENAI, "sk-proj-AbCdEf0123456789_-xyz")).isEmpty();
        assertThat(KeyFormat.problem(OPENAI, "sk-it-0123456789abcdef")).as("the worker ITs' key").isEmpty();
        assertThat(KeyFormat.problem(ANTHROPIC, "sk-ant-api03-AbCdEf0123456789")).isEmpty();
        assertThat(KeyFormat.problem(AZURE_OPENAI, "0123456789abcdef0123456789ABCDEF")).as("32 hex").isEmpty();
        assertThat(KeyFormat.problem(AZURE_OPENAI, "A".repeat(84))).as("the newer, longer form").isEmpty();
        assertThat(KeyFormat.problem(OPENAI_COMPATIBLE, "mock-provider-key")).as("the local runner's").isEmpty();
        assertThat(KeyFormat.problem(OPENAI_COMPATIBLE, "bench")).as("the benchmarks'").isEmpty();
    }

    @Test
    void explainsWhatIsWrongWithoutQuotingTheKey() {
        assertThat(KeyFormat.problem(OPENAI, "pk-0123456789abcdefghij")).contains("does not start with 'sk-'");
        assertThat(KeyFormat.problem(OPENAI, "sk-short")).contains(
                "is 8 characters long, shorter than any real key (20)");
        assertThat(KeyFormat.problem(OPENAI, "sk-ant-api03-AbCdEf0123456789"))
                .contains("is an Anthropic key (sk-ant-), not an OpenAI key");
        assertThat(KeyFormat.problem(ANTHROPIC, "sk-proj-AbCdEf0123456789")).contains(
                "does not start with 'sk-ant-'");
        assertThat(KeyFormat.problem(AZURE_OPENAI, "0123456789abcdef")).contains(
                "is not 32 to 100 letters and digits, as Azure OpenAI keys are (16 characters)");
        assertThat(KeyFormat.problem(AZURE_OPENAI, "0123456789abcdef0123456789abcde-")).isPresent();
        assertThat(KeyFormat.problem(OPENAI_COMPATIBLE, "two words")).contains(
                "contains whitespace or control characters");
        assertThat(KeyFormat.problem(OPENAI, "sk-0123456789abcdef\n0123")).contains(
                "contains whitespace or control characters");
    }
}
