package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One-line log lines, the level asked for, and a close that fails said in one warning. */
class LoggingTest {

    private static final String FORMAT = "java.util.logging.SimpleFormatter.format";
    private static final String LEVEL = "io.models.log";

    private String format;
    private String level;
    private java.util.logging.Level loggerLevel;

    @BeforeEach
    void keep() {
        format = System.getProperty(FORMAT);
        level = System.getProperty(LEVEL);
        loggerLevel = Logger.getLogger("io.models").getLevel();
    }

    @AfterEach
    void restore() {
        set(FORMAT, format);
        set(LEVEL, level);
        Logger.getLogger("io.models").setLevel(loggerLevel);
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void setUpGivesOneLineLinesAndTheLevelAskedFor() {
        System.clearProperty(FORMAT);
        System.setProperty(LEVEL, "WARNING");
        Logging.setUp();
        assertThat(System.getProperty(FORMAT)).isEqualTo("%1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
        assertThat(Logger.getLogger("io.models").getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    }

    @Test
    void aFormatOrALevelGivenElsewhereIsLeftAlone() {
        System.setProperty(FORMAT, "%5$s%n");
        System.clearProperty(LEVEL);
        Logger.getLogger("io.models").setLevel(null);
        Logging.setUp();
        assertThat(System.getProperty(FORMAT)).isEqualTo("%5$s%n");
        assertThat(Logger.getLogger("io.models").getLevel()).isNull();
    }

    @Test
    void aChaptersLoggerIsNamedAfterIt() {
        assertThat(Logging.logger("04-select").getName()).isEqualTo("io.models.04-select");
    }

    @Test
    void aCloseThatFailsIsOneWarning() {
        RecordedLog log = new RecordedLog();
        Closeable stuck = new Closeable() {
            @Override
            public void close() throws IOException {
                throw new IOException("Bad file descriptor");
            }

            @Override
            public String toString() {
                return "a channel";
            }
        };
        Quietly.close(stuck, log);
        assertThat(log.lines()).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo(Level.WARNING);
            assertThat(l.message()).isEqualTo("closing a channel: Bad file descriptor");
        });
        boolean[] closed = {false};
        Quietly.close(() -> closed[0] = true, log);
        assertThat(closed[0]).isTrue();
        assertThat(log.lines()).hasSize(1);
    }
}
