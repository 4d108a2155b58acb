package io.models.conformance.grading;

import io.models.conformance.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One student's row of the gradebook: read from the checker's JUnit XML, or made (with the
 * student's {@code results.json} and report) for a submission the checker did not grade; all the
 * rows together are written as the CSV.
 *
 * @param cases maps each case of the rubric to its cell (points, or the outcome of an expected failure)
 */
record GradebookRow(String student, Status status, int score, int max, Map<String, String> cases, String model,
        String detail) {

    /** What happened to a submission: {@code graded} is the only status whose score comes from the checker. */
    enum Status {
        GRADED, NO_SUBMISSION, BAD_SUBMISSION, BUILD_FAILED, BUILD_TIMEOUT, NO_START, START_TIMEOUT, CHECK_TIMEOUT,
        CHECK_ERROR, ERROR;

        /** As it is written in the CSV: {@code build-failed}. */
        String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The row of a student the checker graded, from the properties of its JUnit XML; null if there is none. */
    static GradebookRow fromReport(String student, Rubric rubric, Path dir) {
        Path xml = dir.resolve("TEST-conformance.xml");
        if (!Files.isRegularFile(xml)) {
            return null;
        }
        Map<String, String> p = new LinkedHashMap<>();
        try {
            NodeList props = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                    .getElementsByTagName("property");
            for (int i = 0; i < props.getLength(); i++) {
                Element e = (Element) props.item(i);
                p.put(e.getAttribute("name"), e.getAttribute("value"));
            }
        } catch (Exception e) {
            return null;
        }
        if (!p.containsKey("score")) {
            return null;
        }
        Map<String, String> cases = new LinkedHashMap<>();
        for (Rubric.Item item : rubric.items()) {
            String v = p.getOrDefault("points." + item.name(), "0/" + item.points());
            String[] w = v.split("[/ ]");
            cases.put(item.name(), item.expectFail() && w.length > 2 ? w[2].toLowerCase(Locale.ROOT).replace('_', '-') : w[0]);
        }
        return new GradebookRow(student, Status.GRADED, Integer.parseInt(p.get("score")),
                Integer.parseInt(p.get("max-score")), cases, p.getOrDefault("model", ""), "");
    }

    /** A row for a submission the checker did not grade, with results.json and a report that say why. */
    static GradebookRow notGraded(String student, Path dir, Rubric rubric, Status status, String detail)
            throws IOException {
        Files.createDirectories(dir);
        Score none = Score.none(rubric, Messages.get("grading.book.not.checked"));
        Grading.write(dir.resolve(Gradescope.FILE), Gradescope.json(none, detail, Duration.ZERO,
                Map.of("student", student, "status", status.word())));
        Grading.write(dir.resolve("conformance-report.md"), Messages.get("grading.book.report", student, status.word(),
                none.line(), detail));
        Map<String, String> cases = new LinkedHashMap<>();
        rubric.items().forEach(i -> cases.put(i.name(), i.expectFail() ? "" : "0"));
        return new GradebookRow(student, status, 0, rubric.maxScore(), cases, "", detail);
    }

    /** The CSV: one row per student, in the order of their names (RFC 4180 quoting). */
    static String csv(Rubric rubric, List<GradebookRow> rows) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("student", "status", "score", "max_score"));
        rubric.items().forEach(i -> header.add(i.name()));
        header.addAll(List.of("model", "detail"));
        csv.append(line(header));
        rows.stream().sorted(Comparator.comparing(GradebookRow::student)).forEach(r -> {
            List<String> cells = new ArrayList<>(List.of(r.student(), r.status().word(), String.valueOf(r.score()),
                    String.valueOf(r.max())));
            rubric.items().forEach(i -> cells.add(r.cases().getOrDefault(i.name(), "")));
            cells.addAll(List.of(r.model(), r.detail()));
            csv.append(line(cells));
        });
        return csv.toString();
    }

    private static String line(List<String> cells) {
        return String.join(",", cells.stream().map(GradebookRow::cell).toList()) + "\r\n";
    }

    static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
