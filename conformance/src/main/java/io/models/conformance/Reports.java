package io.models.conformance;

import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
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
 * grader that reads test reports reads this one) and the same results in Markdown.
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
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JUNIT_FILE), junit(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(run), StandardCharsets.UTF_8);
    }

    /** The results as one Surefire-style {@code <testsuite>}: one {@code <testcase>} per case. */
    static String junit(Run run) {
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
            suite.setAttribute("skipped", String.valueOf(run.count(Verdict.Status.SKIP)));
            suite.setAttribute("failures", String.valueOf(run.count(Verdict.Status.FAIL)));
            suite.setAttribute("flakes", "0");

            Element properties = doc.createElement("properties");
            suite.appendChild(properties);
            property(doc, properties, "host", run.host());
            property(doc, properties, "port", String.valueOf(run.port()));
            if (run.pid() != null) {
                property(doc, properties, "pid", String.valueOf(run.pid()));
            }

            for (Verdict r : run.results()) {
                Element tc = doc.createElement("testcase");
                suite.appendChild(tc);
                tc.setAttribute("name", r.name());
                tc.setAttribute("classname", SUITE);
                tc.setAttribute("time", seconds(r.time()));
                if (r.status() == Verdict.Status.FAIL) {
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

    /** The results as a Markdown page: a table of cases, then what each case checks. */
    static String markdown(Run run) {
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
        md.append("\n").append(Messages.get("report.what")).append("\n\n");
        for (Verdict r : run.results()) {
            Case c = Cases.named(r.name());
            md.append("- `").append(r.name()).append("`: ").append(c == null ? "" : c.proves()).append(".\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
