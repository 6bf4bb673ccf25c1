package io.llmrelay.strimzi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Just enough of a Dockerfile reader for DockerfileTest: comments dropped, line continuations joined, instructions
 * grouped by build stage. Not a full parser (no escape directive, no heredocs).
 */
record Dockerfile(List<Instruction> global, List<Stage> stages) {

    /** One instruction, e.g. {@code RUN ./mvnw ...}, with the line it starts on. */
    record Instruction(String keyword, String arguments, int line) {

        @Override
        public String toString() {
            return "line " + line + ": " + keyword + " " + arguments;
        }
    }

    /** {@code FROM base AS name} and what follows until the next FROM. */
    record Stage(String base, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> first(String keyword) {
            return all(keyword).stream().findFirst();
        }

        /** The RUN whose command contains {@code text}. */
        Instruction run(String text) {
            return all("RUN").stream().filter(i -> i.arguments().contains(text)).findFirst()
                    .orElseThrow(() -> new AssertionError("stage " + name + " has no RUN with " + text));
        }
    }

    static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#") || (current == null && line.isEmpty())) {
                continue; // comments may sit between continued lines too
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1).strip() : line).append(' ');
            if (!continues) {
                instructions.add(instruction(current.toString().strip(), start));
                current = null;
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("the Dockerfile ends inside a continued line starting at line " + start);
        }
        return group(instructions);
    }

    private static Instruction instruction(String text, int line) {
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        return new Instruction(keyword, space < 0 ? "" : text.substring(space + 1).strip(), line);
    }

    private static Dockerfile group(List<Instruction> instructions) {
        List<Instruction> global = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> body = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                String[] words = instruction.arguments().split("\\s+");
                String base = words[0];
                String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                body = new ArrayList<>();
                stages.add(new Stage(base, name, body));
            } else if (body == null) {
                global.add(instruction);
            } else {
                body.add(instruction);
            }
        }
        return new Dockerfile(List.copyOf(global), List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no build stage named " + name));
    }

    Stage last() {
        return stages.getLast();
    }
}
