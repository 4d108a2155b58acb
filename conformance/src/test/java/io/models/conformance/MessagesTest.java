package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every message in both languages, with the same parameters; the language chosen is the one used. */
class MessagesTest {

    @AfterEach
    void english() {
        Messages.use(Locale.ENGLISH);
    }

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> parameters(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\{(\\d+)[,}]").matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyKeyIsInBothLanguagesWithTheSameParameters() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh.properties");
        assertThat(zh.stringPropertyNames()).as("keys in Chinese").isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(parameters(zh.getProperty(key))).as("the parameters of %s", key)
                    .isEqualTo(parameters(en.getProperty(key)));
            assertThat(zh.getProperty(key)).as("%s is said in Chinese", key).containsPattern("\\p{IsHan}");
        }
    }

    @Test
    void theLanguageChosenIsTheOneUsed() {
        Messages.use(Locale.ENGLISH);
        assertThat(Messages.get("summary", 3, 1)).isEqualTo("passed 3, failed 1");
        Messages.use(Locale.forLanguageTag("zh-CN"));
        assertThat(Messages.get("summary", 3, 1)).isEqualTo("通过 3 项，未通过 1 项");
    }
}
