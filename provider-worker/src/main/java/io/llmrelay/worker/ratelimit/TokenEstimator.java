package io.llmrelay.worker.ratelimit;

import java.util.Locale;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmrelay.schemas.ChatMessage;
import io.llmrelay.schemas.CompletionRequest;

/**
 * How many tokens a request will take from a target's tokens-per-minute before it is sent: the prompt counted with
 * the model family's tokenizer plus the completion it may produce ({@code max_tokens}, or a configured default). The
 * count follows OpenAI's accounting of chat messages (a few tokens of framing per message and for the reply); it is an
 * estimate, corrected by the provider's reported usage once the call is done ({@link RateLimiter#settle}).
 */
public final class TokenEstimator {

    /** {@code <|start|>role\n ... <|end|>} around every message. */
    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_NAME = 1;
    /** The reply is primed with {@code <|start|>assistant<|message|>}. */
    static final int REPLY_PRIMING = 3;

    private final Encoding o200k;
    private final Encoding cl100k;
    private final int defaultMaxTokens;

    /** @param defaultMaxTokens completion tokens reserved for a request that sets no {@code max_tokens} */
    public TokenEstimator(int defaultMaxTokens) {
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** Prompt estimate plus the completion allowance: what to reserve for {@code request} sent to {@code model}. */
    public long reserve(String model, CompletionRequest request) {
        Integer maxTokens = request.getMaxTokens();
        long completion = maxTokens != null && maxTokens > 0 ? maxTokens : defaultMaxTokens;
        return promptTokens(model, request) + completion;
    }

    /**
     * The prompt: every message's content, name and passed-through fields (tool calls), the request's passed-through
     * parameters (tool definitions count as prompt), and the framing. Special-token text in a message counts as text.
     */
    public long promptTokens(String model, CompletionRequest request) {
        Encoding encoding = encodingFor(model);
        long tokens = REPLY_PRIMING + count(encoding, request.getExtraJson());
        for (ChatMessage message : request.getMessages()) {
            tokens += TOKENS_PER_MESSAGE + count(encoding, message.getRole()) + count(encoding, message.getContent())
                    + count(encoding, message.getExtraJson());
            if (message.getName() != null) {
                tokens += TOKENS_PER_NAME + count(encoding, message.getName());
            }
        }
        return tokens;
    }

    /** o200k_base for GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and the o-series; cl100k_base for everything else. */
    Encoding encodingFor(String model) {
        return usesO200k(model) ? o200k : cl100k;
    }

    static boolean usesO200k(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        if (name.startsWith("ft:")) {
            name = name.substring(3);
        }
        return name.startsWith("gpt-4o") || name.startsWith("chatgpt-4o") || name.startsWith("gpt-4.1")
                || name.startsWith("gpt-4.5") || name.startsWith("gpt-5")
                || (name.length() > 1 && name.charAt(0) == 'o' && Character.isDigit(name.charAt(1)));
    }

    private static int count(Encoding encoding, String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
