package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One word per concept: no Chinese page uses a variant that docs/glossary-terms.tsv rejects (its
 * third column, comma-separated). The glossary pages name the variants to reject them, so they are
 * skipped; fenced blocks (program output, code) are checked too, since a reader reads them.
 */
class GlossaryVariantsTest {

    record Variant(String term, String rejected) {}

    static List<Variant> variants(Path tsv) throws IOException {
        List<Variant> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] cols = line.split("\t", -1);
            if (cols.length >= 3 && !line.startsWith("#")) {
                for (String v : cols[2].split(",")) {
                    if (!v.isBlank()) {
                        out.add(new Variant(cols[0], v.strip()));
                    }
                }
            }
        }
        return out;
    }

    static List<String> uses(Pages pages) throws IOException {
        List<Variant> variants = variants(pages.root().resolve("docs/glossary-terms.tsv"));
        List<String> found = new ArrayList<>();
        for (Path page : pages.chinese()) {
            if (page.getFileName().toString().startsWith("glossary")) {
                continue;
            }
            List<String> lines = Pages.read(page);
            for (int i = 0; i < lines.size(); i++) {
                for (Variant v : variants) {
                    if (lines.get(i).contains(v.rejected())) {
                        found.add("%s:%d: \"%s\" is a variant the glossary rejects: write \"%s\""
                                .formatted(pages.name(page), i + 1, v.rejected(), v.term()));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void noChinesePageUsesARejectedVariant() throws IOException {
        assertThat(uses(Pages.ofRepository())).isEmpty();
    }

    @Test
    void aRejectedVariantIsFound(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/glossary-terms.tsv"), "停放\tpark\t挂起（park）,被 park\n轮询\tpolling\t\n");
        Files.writeString(dir.resolve("docs/glossary.zh.md"), "# 术语\n\n停放，不要写挂起（park）。\n");
        Files.writeString(dir.resolve("README.zh.md"), "# 标题\n\n虚拟线程被 park 以后，轮询停止。\n");
        Files.writeString(dir.resolve("README.md"), "# Title\n\n被 park is quoted here, in English.\n");
        assertThat(uses(Pages.of(dir))).containsExactly("README.zh.md:3: \"被 park\" is a variant the glossary rejects: write \"停放\"");
    }
}
