package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.conformance.cases.Cases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The reports: the JUnit XML has the shape Maven Surefire 3 writes (a CI grader that reads
 * surefire-reports reads it), and the Markdown says the same.
 */
class ReportsTest {

    static final Reports.Run RUN = new Reports.Run("127.0.0.1", 8080, 4242L,
            ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), Duration.ofMillis(12_345), List.of(
                    Verdict.pass("every-byte", Duration.ofMillis(7)),
                    Verdict.fail("idle-client-blocks-others", Cases.oneAtATime() + " <&> | \"quoted\"", Duration.ofMillis(5_100)),
                    Verdict.skip("idle-cpu", "needs --pid (it reads /proc/PID)")));

    /** The elements and attributes Surefire 3's TEST-*.xml uses (surefire-test-report-3.0.2.xsd). */
    static final Set<String> SUITE_ATTRIBUTES = Set.of("xmlns:xsi", "xsi:noNamespaceSchemaLocation", "version", "name",
            "time", "tests", "errors", "skipped", "failures", "flakes");
    static final Set<String> CASE_ATTRIBUTES = Set.of("name", "classname", "time");

    @Test
    void theJunitXmlHasSurefiresShape() throws Exception {
        String xml = Reports.junit(RUN);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(names(suite.getAttributes())).isEqualTo(SUITE_ATTRIBUTES);
        assertThat(suite.getAttribute("version")).isEqualTo("3.0.2");
        assertThat(suite.getAttribute("name")).isEqualTo("conformance");
        assertThat(suite.getAttribute("time")).isEqualTo("12.345");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");

        List<Element> children = elements(suite.getChildNodes());
        assertThat(children).extracting(Element::getTagName)
                .containsExactly("properties", "testcase", "testcase", "testcase");
        assertThat(elements(children.get(0).getChildNodes())).extracting(p -> p.getAttribute("name") + "=" + p.getAttribute("value"))
                .containsExactly("host=127.0.0.1", "port=8080", "pid=4242");

        Element pass = children.get(1);
        assertThat(names(pass.getAttributes())).isEqualTo(CASE_ATTRIBUTES);
        assertThat(pass.getAttribute("name")).isEqualTo("every-byte");
        assertThat(pass.getAttribute("classname")).isEqualTo("conformance");
        assertThat(pass.getAttribute("time")).isEqualTo("0.007");
        assertThat(elements(pass.getChildNodes())).isEmpty();

        Element fail = children.get(2);
        List<Element> failure = elements(fail.getChildNodes());
        assertThat(failure).extracting(Element::getTagName).containsExactly("failure");
        assertThat(names(failure.get(0).getAttributes())).isEqualTo(Set.of("message", "type"));
        assertThat(failure.get(0).getAttribute("message")).isEqualTo(Cases.oneAtATime() + " <&> | \"quoted\"");
        assertThat(failure.get(0).getTextContent())
                .isEqualTo("FAIL idle-client-blocks-others: " + Cases.oneAtATime() + " <&> | \"quoted\"");

        List<Element> skipped = elements(children.get(3).getChildNodes());
        assertThat(skipped).extracting(Element::getTagName).containsExactly("skipped");
        assertThat(skipped.get(0).getAttribute("message")).isEqualTo("needs --pid (it reads /proc/PID)");
    }

    @Test
    void theMarkdownHasOneRowPerCaseAndSaysWhatEachChecks() {
        String md = Reports.markdown(RUN);
        assertThat(md).startsWith("# Conformance report: 127.0.0.1:8080\n")
                .contains("Checked 2026-01-02 03:04:05 (UTC) in 12.3 s, process 4242: **1 passed, 1 failed**, 1 skipped.")
                .contains("| `every-byte` | PASS |  | 0.0 s |")
                .contains("| `idle-client-blocks-others` | **FAIL** | " + Cases.oneAtATime() + " <&> \\| \"quoted\" | 5.1 s |")
                .contains("| `idle-cpu` | SKIP | needs --pid (it reads /proc/PID) | 0.0 s |")
                .contains("- `every-byte`: " + Cases.named("every-byte").proves() + ".");
    }

    private static Set<String> names(NamedNodeMap attributes) {
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            names.add(attributes.item(i).getNodeName());
        }
        return names;
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }
}
