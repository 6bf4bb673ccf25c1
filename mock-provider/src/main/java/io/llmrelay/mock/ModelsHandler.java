package io.llmrelay.mock;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The model lists a health probe calls, each authenticated like the API it belongs to: {@code GET /v1/models}
 * (OpenAI's list object with {@code Authorization: Bearer}, or Anthropic's {@code {"data":[...],"has_more":false}}
 * when the request carries {@code x-api-key}) and Azure's {@code GET /openai/models?api-version=...}. Answered whatever
 * the chat behaviour (failures, latency): only the key is checked, as at the real providers.
 */
final class ModelsHandler implements HttpHandler {

    static final String PATH = "/v1/models";
    static final String AZURE_PATH = "/openai/models";
    static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "mock-model");

    private final Supplier<MockBehaviour> behaviour;
    private final JsonMapper mapper;
    private final OpenAiJson json;
    private final ChatApi openAi;
    private final ChatApi anthropic;
    private final Clock clock;

    /** @param api checks the credential and writes errors: OpenAI's (which also reads Anthropic's) or Azure's */
    private ModelsHandler(Supplier<MockBehaviour> behaviour, JsonMapper mapper, ChatApi api, ChatApi anthropic,
                          Clock clock) {
        this.behaviour = behaviour;
        this.mapper = mapper;
        this.json = new OpenAiJson(mapper);
        this.openAi = api;
        this.anthropic = anthropic;
        this.clock = clock;
    }

    /** {@code GET /v1/models} of OpenAI and Anthropic, told apart by the credential header. */
    static ModelsHandler openAiOrAnthropic(Supplier<MockBehaviour> behaviour, JsonMapper mapper, Clock clock) {
        return new ModelsHandler(behaviour, mapper, new OpenAiApi(mapper), new AnthropicApi(mapper, clock), clock);
    }

    /** Azure's {@code GET /openai/models?api-version=...}. */
    static ModelsHandler azure(Supplier<MockBehaviour> behaviour, JsonMapper mapper, Clock clock) {
        return new ModelsHandler(behaviour, mapper, new AzureOpenAiApi(mapper), null, clock);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean isAnthropic = anthropic != null && exchange.getRequestHeaders().getFirst("x-api-key") != null;
            ChatApi api = isAnthropic ? anthropic : openAi;
            Optional<OpenAiError> refused = api.check(exchange, behaviour.get());
            HttpAnswer answer = refused
                    .map(error -> HttpAnswer.json(error.status(), api.error(error)))
                    .orElseGet(() -> HttpAnswer.json(200, isAnthropic ? anthropicList(clock.instant())
                            : json.models(MODELS, clock.instant().getEpochSecond())));
            answer.send(exchange);
        }
    }

    private byte[] anthropicList(Instant created) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode data = root.putArray("data");
        for (String id : MODELS) {
            ObjectNode model = data.addObject();
            model.put("type", "model");
            model.put("id", id);
            model.put("display_name", id);
            model.put("created_at", created.toString());
        }
        root.put("has_more", false);
        root.put("first_id", MODELS.getFirst());
        root.put("last_id", MODELS.getLast());
        return mapper.writeValueAsBytes(root);
    }
}
