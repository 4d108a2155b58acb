package io.models.conformance.grading;

import io.models.conformance.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradescope's {@code results.json} (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
 * the total {@code score}, {@code execution_time} in seconds, an {@code output} for the whole
 * submission, and one test per case of the rubric with its {@code name}, {@code score},
 * {@code max_score}, {@code status} and {@code output}; {@code extra_data} keeps what was checked.
 * Written by hand: the format is small and the checker has no JSON library.
 */
public final class Gradescope {

    public static final String FILE = "results.json";

    private Gradescope() {
    }

    /**
     * @param output   the text for the whole submission (what was checked, the score)
     * @param took     how long the check took
     * @param extra    {@code extra_data}: the target, the model seen..., null values left out
     */
    public static String json(Score score, String output, Duration took, Map<String, Object> extra) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("score", score.points());
        top.put("execution_time", Math.max(0, Math.round(took.toMillis() / 1000.0)));
        top.put("output", output);
        top.put("test_output_format", "text");
        List<Object> tests = new ArrayList<>();
        int number = 0;
        for (Score.Line line : score.lines()) {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("name", line.name());
            test.put("number", String.valueOf(++number));
            test.put("score", line.points());
            test.put("max_score", line.max());
            test.put("status", line.status());
            test.put("output", line.output());
            tests.add(test);
        }
        top.put("tests", tests);
        Map<String, Object> data = new LinkedHashMap<>();
        extra.forEach((k, v) -> {
            if (v != null) {
                data.put(k, v);
            }
        });
        data.put("max_score", score.max());
        data.put("language", Messages.language().getLanguage());
        top.put("extra_data", data);
        StringBuilder out = new StringBuilder();
        write(out, top, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        switch (value) {
            case Map<?, ?> map -> {
                out.append("{");
                String inner = indent + "  ";
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "\n" : ",\n").append(inner);
                    string(out, e.getKey().toString());
                    out.append(": ");
                    write(out, e.getValue(), inner);
                    first = false;
                }
                out.append(first ? "}" : "\n" + indent + "}");
            }
            case List<?> list -> {
                out.append("[");
                String inner = indent + "  ";
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "\n" : ",\n").append(inner);
                    write(out, list.get(i), inner);
                }
                out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
            }
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            default -> string(out, value.toString());
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped; everything else as it is (UTF-8). */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
