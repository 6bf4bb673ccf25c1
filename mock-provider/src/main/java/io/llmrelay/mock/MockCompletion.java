package io.llmrelay.mock;

/**
 * The answer the mock gives to a request, with token counts a test can compute by hand:
 * a token is taken as 4 characters (rounded up), plus 3 tokens of framing per prompt message,
 * which is OpenAI's own rule of thumb for English text and chat formatting.
 *
 * @param finishReason "stop", or "length" when {@code max_tokens} cut the reply short
 */
record MockCompletion(String id, long created, String model, String content, String finishReason,
                      int promptTokens, int completionTokens) {

    static final String REPLY_PREFIX = "Mock reply to: ";
    /** How much of the prompt the reply echoes, in characters. */
    static final int ECHOED_PROMPT_CHARS = 64;
    private static final int CHARS_PER_TOKEN = 4;
    private static final int TOKENS_PER_MESSAGE = 3;

    static MockCompletion answer(ChatRequest request, String id, long created) {
        String prompt = request.lastUserContent();
        String reply = REPLY_PREFIX + prompt.substring(0, Math.min(ECHOED_PROMPT_CHARS, prompt.length()));
        String finishReason = "stop";
        if (request.maxTokens().isPresent()
                && reply.length() > (long) request.maxTokens().getAsInt() * CHARS_PER_TOKEN) {
            reply = reply.substring(0, request.maxTokens().getAsInt() * CHARS_PER_TOKEN);
            finishReason = "length";
        }
        int promptTokens = 0;
        for (ChatMessage message : request.messages()) {
            promptTokens += tokens(message.content()) + TOKENS_PER_MESSAGE;
        }
        return new MockCompletion(id, created, request.model(), reply, finishReason, promptTokens, tokens(reply));
    }

    int totalTokens() {
        return promptTokens + completionTokens;
    }

    private static int tokens(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
