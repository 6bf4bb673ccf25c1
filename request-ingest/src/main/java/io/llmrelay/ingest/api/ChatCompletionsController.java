package io.llmrelay.ingest.api;

import io.llmrelay.ingest.auth.Caller;
import io.llmrelay.ingest.budget.BudgetGate;
import io.llmrelay.ingest.reply.Outcome;
import io.llmrelay.ingest.reply.RequestReply;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}. Runs on a virtual thread (spring.threads.virtual.enabled) and blocks until the
 * result arrives or the deadline passes; the body is parsed here, not by a message converter, so every parse and
 * validation failure is answered in OpenAI's format with the offending {@code param}.
 */
@RestController
class ChatCompletionsController {

    private final JsonMapper json;
    private final ChatRequestReader reader;
    private final KnownModels models;
    private final RequestEnvelope.Factory envelopes;
    private final RequestReply relay;
    private final CompletionResponses responses;
    private final BudgetGate budgets;

    ChatCompletionsController(JsonMapper json, ChatRequestReader reader, KnownModels models,
                              RequestEnvelope.Factory envelopes, RequestReply relay, CompletionResponses responses,
                              BudgetGate budgets) {
        this.json = json;
        this.reader = reader;
        this.models = models;
        this.envelopes = envelopes;
        this.relay = relay;
        this.responses = responses;
        this.budgets = budgets;
    }

    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody byte[] body,
                             HttpServletRequest servletRequest) {
        RequestEnvelope envelope = envelopes.next();
        ChatRequestReader.ChatRequest chat = reader.read(parse(body), caller, envelope);
        models.requireKnown(chat.request().getModel());
        caller.requireModelAllowed(chat.request().getModel());
        // a blocked user, team or key: 402 here, nothing produced
        budgets.check(caller);
        Outcome outcome = relay.exchange(chat.request());
        CompletionMetricsFilter.mark(servletRequest, chat.request().getModel(), outcome);
        return responses.render(envelope.requestId(), outcome, chat.request().getStream(),
                chat.includeUsageInStream());
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ApiErrorHandler.unparsableBody();
            }
            return tree;
        } catch (JacksonException e) {
            throw ApiErrorHandler.unparsableBody();
        }
    }
}
