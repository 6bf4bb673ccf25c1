package io.llmrelay.ingest.api;

import java.time.Clock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models} and {@code GET /v1/models/{model}}: the configured models, in OpenAI's shape. */
@RestController
class ModelsController {

    private final KnownModels models;
    /** Unix seconds when this replica started; OpenAI's "created" has no better meaning for a relay's model list. */
    private final long created;

    ModelsController(KnownModels models, Clock clock) {
        this.models = models;
        this.created = clock.instant().getEpochSecond();
    }

    @GetMapping("/v1/models")
    WireFormat.ModelList list() {
        return new WireFormat.ModelList(models.names().stream().map(id -> new WireFormat.Model(id, created)).toList());
    }

    @GetMapping("/v1/models/{model}")
    WireFormat.Model retrieve(@PathVariable String model) {
        models.requireKnown(model);
        return new WireFormat.Model(model, created);
    }
}
