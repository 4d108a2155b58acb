package io.models.conformance;

import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import io.models.conformance.grading.Gradescope;
import io.models.conformance.grading.Score;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The reports {@code --report-dir} writes: JUnit XML in the shape Maven Surefire writes (so a CI
 * grader that reads test reports reads this one) and the same results in Markdown; with a rubric,
 * the score in both, and Gradescope's {@code results.json} ({@code --gradescope}).
 */
final class Reports {

    static final String JUNIT_FILE = "TEST-conformance.xml";
    static final String MARKDOWN_FILE = "conformance-report.md";
    /** The suite's name and every test case's class name in the XML. */
    static final String SUITE = "conformance";

    /** What was checked, for both reports. */
    record Run(String host, int port, Long pid, ZonedDateTime started, Duration took, List<Verdict> results) {

        long count(Verdict.Status status) {
            return results.stream().filter(r -> r.status() == status).count();
        }

        String target() {
            return host + ":" + port;
        }
    }

    private Reports() {
    }

    static void write(Path dir, Run run) throws IOException {
        write(dir, run, null);
    }

    /** Both reports in {@code dir}; {@code score} is null without a rubric. */
    static void write(Path dir, Run run, Score score) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JUNIT_FILE), junit(run, score), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(run, score), StandardCharsets.UTF_8);
    }

    static String junit(Run run) {
        return junit(run, null);
    }

    /**
     * The results as one Surefire-style {@code <testsuite>}: one {@code <testcase>} per case. With a
     * score, the suite's properties carry it, and a case the rubric expects to fail that failed is
     * {@code <skipped type="conformance.ExpectedFailure">}, as pytest writes an xfail.
     */
    static String junit(Run run, Score score) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            doc.setXmlStandalone(true); // <?xml version="1.0" encoding="UTF-8"?>, as Surefire writes it
            Element suite = doc.createElement("testsuite");
            doc.appendChild(suite);
            suite.setAttribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
            suite.setAttribute("xsi:noNamespaceSchemaLocation",
                    "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd");
            suite.setAttribute("version", "3.0.2");
            suite.setAttribute("name", SUITE);
            suite.setAttribute("time", seconds(run.took()));
            suite.setAttribute("tests", String.valueOf(run.results().size()));
            suite.setAttribute("errors", "0");
            long expected = run.results().stream().filter(r -> expectedFailure(score, r)).count();
            suite.setAttribute("skipped", String.valueOf(run.count(Verdict.Status.SKIP) + expected));
            suite.setAttribute("failures", String.valueOf(run.count(Verdict.Status.FAIL) - expected));
            suite.setAttribute("flakes", "0");

            Element properties = doc.createElement("properties");
            suite.appendChild(properties);
            property(doc, properties, "host", run.host());
            property(doc, properties, "port", String.valueOf(run.port()));
            if (run.pid() != null) {
                property(doc, properties, "pid", String.valueOf(run.pid()));
            }
            // What the model case saw (its PASS line, or its FAIL reason): the gradebook's "model" column.
            run.results().stream().filter(r -> r.name().equals("model") && r.status() != Verdict.Status.SKIP)
                    .findFirst().ifPresent(r -> property(doc, properties, "model", r.why()));
            scoreProperties(doc, properties, score);

            for (Verdict r : run.results()) {
                Element tc = doc.createElement("testcase");
                suite.appendChild(tc);
                tc.setAttribute("name", r.name());
                tc.setAttribute("classname", SUITE);
                tc.setAttribute("time", seconds(r.time()));
                if (expectedFailure(score, r)) {
                    Element skipped = doc.createElement("skipped");
                    skipped.setAttribute("type", SUITE + ".ExpectedFailure");
                    skipped.setAttribute("message", score.line(r.name()).summary());
                    tc.appendChild(skipped);
                } else if (r.status() == Verdict.Status.FAIL) {
                    Element failure = doc.createElement("failure");
                    failure.setAttribute("message", r.why());
                    failure.setAttribute("type", SUITE + ".CaseFailed");
                    failure.appendChild(doc.createCDATASection(String.join("\n", r.lines())));
                    tc.appendChild(failure);
                } else if (r.status() == Verdict.Status.SKIP) {
                    Element skipped = doc.createElement("skipped");
                    skipped.setAttribute("message", r.why());
                    tc.appendChild(skipped);
                }
            }

            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML writer failed", e); // never with the JDK's own
        }
    }

    private static void property(Document doc, Element properties, String name, String value) {
        Element p = doc.createElement("property");
        p.setAttribute("name", name);
        p.setAttribute("value", value);
        properties.appendChild(p);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    static String markdown(Run run) {
        return markdown(run, null);
    }

    /** The results as a Markdown page: a table of cases, then (with a rubric) the score, then what each case checks. */
    static String markdown(Run run, Score score) {
        StringBuilder md = new StringBuilder();
        md.append(Messages.get("report.title", run.target())).append("\n\n");
        long skipped = run.count(Verdict.Status.SKIP);
        md.append(Messages.get("report.checked",
                run.started().withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")),
                String.format(Locale.ROOT, "%.1f", run.took().toMillis() / 1000.0),
                run.pid() == null ? Messages.get("report.no-process") : Messages.get("report.process", run.pid()),
                Messages.get("main.totals", run.count(Verdict.Status.PASS), run.count(Verdict.Status.FAIL)),
                skipped == 0 ? "" : Messages.get("report.skipped", skipped))).append("\n\n");
        md.append(Messages.get("report.table")).append("\n|---|---|---|--:|\n");
        for (Verdict r : run.results()) {
            String status = r.status() == Verdict.Status.FAIL ? "**FAIL**" : r.status().name();
            md.append("| `%s` | %s | %s | %s s |\n".formatted(r.name(), status, cell(r.why()),
                    String.format(Locale.ROOT, "%.1f", r.time().toMillis() / 1000.0)));
        }
        List<Verdict> detailed = run.results().stream().filter(r -> !r.details().isEmpty()).toList();
        if (!detailed.isEmpty()) {
            md.append("\n").append(Messages.get("report.details")).append("\n");
            for (Verdict r : detailed) {
                md.append("\n`").append(r.name()).append("`:\n\n```text\n");
                r.details().forEach(d -> md.append(d).append('\n'));
                md.append("```\n");
            }
        }
        scoreSection(md, score);
        md.append("\n").append(Messages.get("report.what")).append("\n\n");
        for (Verdict r : run.results()) {
            Case c = Cases.named(r.name());
            md.append("- `").append(r.name()).append("`: ").append(c == null ? "" : c.proves()).append(".\n");
        }
        return md.toString();
    }

    // ---- the score (issue 20: grading) ----

    /** True if the rubric expects this failure of its model. */
    private static boolean expectedFailure(Score score, Verdict r) {
        Score.Line line = score == null ? null : score.line(r.name());
        return line != null && line.outcome() == Score.Outcome.FAILED_AS_EXPECTED;
    }

    /**
     * The score as the suite's properties: {@code rubric}, {@code score}, {@code max-score}, and
     * {@code points.CASE} = {@code N/M} for each case of the rubric (what the gradebook reads back).
     */
    private static void scoreProperties(Document doc, Element properties, Score score) {
        if (score == null) {
            return;
        }
        property(doc, properties, "score", String.valueOf(score.points()));
        property(doc, properties, "max-score", String.valueOf(score.max()));
        for (Score.Line line : score.lines()) {
            property(doc, properties, "points." + line.name(), line.points() + "/" + line.max()
                    + (line.item().expectFail() ? " " + line.outcome().name() : ""));
        }
    }

    private static void scoreSection(StringBuilder md, Score score) {
        if (score == null) {
            return;
        }
        md.append("\n## ").append(score.line()).append("\n\n");
        md.append(Messages.get("grading.md.rubric", score.rubric())).append("\n\n");
        md.append(Messages.get("grading.md.header")).append("\n|---|--:|---|\n");
        for (Score.Line line : score.lines()) {
            String points = line.item().expectFail() ? "–" : line.points() + "/" + line.max();
            String note = line.item().note(Messages.language());
            String outcome = line.summary() + (line.item().expectFail() && note != null
                    ? " (" + Messages.get("grading.expected.why", note) + ")" : "");
            md.append("| `%s` | %s | %s |\n".formatted(line.name(), points, cell(outcome)));
        }
    }

    /** Gradescope's results.json for this run, scored by a rubric. */
    static String gradescope(Run run, Score score) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("target", run.target());
        extra.put("pid", run.pid());
        extra.put("rubric", score.rubric().toString());
        String output = Messages.get("grading.gradescope.output", score.line(), run.target(), score.rubric(),
                run.count(Verdict.Status.PASS), run.count(Verdict.Status.FAIL), run.count(Verdict.Status.SKIP));
        return Gradescope.json(score, output, run.took(), extra);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
