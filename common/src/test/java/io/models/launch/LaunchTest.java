package io.models.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What exec:java runs first, on a Java new enough (this one): the main class named by
 * {@code io.models.main}, with the arguments, and its failure as its own. (On a Java older than 21
 * it says so and exits: that can only be seen from an older Java.)
 */
class LaunchTest {

    static final List<String> RAN = new ArrayList<>();

    /** A main class for the launcher to run. */
    public static final class Recorded {
        public static void main(String[] args) {
            if (args.length > 0 && args[0].equals("fail")) {
                throw new IllegalStateException("the chapter failed");
            }
            RAN.addAll(List.of(args));
        }
    }

    private final String before = System.getProperty("io.models.main");

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("io.models.main");
        } else {
            System.setProperty("io.models.main", before);
        }
        RAN.clear();
    }

    @Test
    void runsTheNamedMainWithTheArguments() throws Throwable {
        System.setProperty("io.models.main", Recorded.class.getName());
        Launch.main(new String[] {"--port", "0"});
        assertThat(RAN).containsExactly("--port", "0");
    }

    @Test
    void itsFailureIsThrownAsIfItHadBeenCalledDirectly() {
        System.setProperty("io.models.main", Recorded.class.getName());
        assertThatThrownBy(() -> Launch.main(new String[] {"fail"})).isInstanceOf(IllegalStateException.class)
                .hasMessage("the chapter failed");
    }
}
