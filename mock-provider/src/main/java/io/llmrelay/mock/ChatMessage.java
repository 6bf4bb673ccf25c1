package io.llmrelay.mock;

/**
 * One entry of a request's {@code messages}.
 *
 * @param content the text of the message: a string content as is, an array of content parts as
 *                the concatenation of its {@code text} parts; empty when absent (e.g. an assistant
 *                message that only carries tool calls)
 */
record ChatMessage(String role, String content) {

    boolean isUser() {
        return "user".equals(role);
    }
}
