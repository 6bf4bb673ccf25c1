package io.llmrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;

/** The admin API of one ingest instance, called over HTTP with a given admin key. */
record KeyAdmin(IngestInstance ingest, String adminKey) {

    /** Creates a key and returns the 201 answer (id, key, settings). */
    JsonNode create(String body) {
        HttpResponse<String> response = Http.postJson(ingest.uri("/admin/keys"), adminKey, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response);
    }

    JsonNode rotate(String id, String body) {
        HttpResponse<String> response = Http.postJson(ingest.uri("/admin/keys/" + id + "/rotate"), adminKey, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    JsonNode revoke(String id) {
        HttpResponse<String> response = Http.postJson(ingest.uri("/admin/keys/" + id + "/revoke"), adminKey, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    HttpResponse<String> list() {
        return Http.get(ingest.uri("/admin/keys"), adminKey);
    }

    HttpResponse<String> delete(String id) {
        return Http.send(Http.request(ingest.uri("/admin/keys/" + id), adminKey).DELETE().build());
    }
}
