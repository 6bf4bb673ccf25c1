package io.llmrelay.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CompletionStreamTest {

    @Test
    void splitsContentIntoPiecesOfAFewWordsThatConcatenateBackExactly() {
        String content = "Mock reply to:  two  spaces, a\ttab and\nsome more words here ";

        List<String> pieces = CompletionStream.pieces(content);

        assertThat(String.join("", pieces)).isEqualTo(content);
        assertThat(pieces).hasSizeGreaterThan(2)
                .allSatisfy(piece -> assertThat(piece.strip().split("\\s+")).hasSizeLessThanOrEqualTo(3));
    }

    @Test
    void keepsAShortReplyInOnePiece() {
        assertThat(CompletionStream.pieces("Mock rep")).containsExactly("Mock rep");
    }
}
