package io.models.launch;

import java.lang.reflect.InvocationTargetException;

/**
 * What {@code mvn -pl 04-select exec:java} runs first. exec:java runs the chapter inside Maven's
 * own JVM, whatever Java that is; a Java older than 21 cannot load the chapters' classes and would
 * end in a raw {@code UnsupportedClassVersionError}. This class is compiled for Java 8, so any
 * Java loads it: it says in one line what is wrong, or runs the main class named by the system
 * property {@code io.models.main}.
 */
public final class Launch {

    private Launch() {
    }

    public static void main(String[] args) throws Throwable {
        String version = System.getProperty("java.specification.version");
        int feature = Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
        if (feature < 21) {
            System.err.println("io-models needs Java 21 or newer, but Maven runs on Java " + version + " ("
                    + System.getProperty("java.home") + "): point JAVA_HOME at a JDK 21 or newer (for example "
                    + "export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64) and run the command again.");
            System.exit(1);
        }
        String main = System.getProperty("io.models.main");
        try {
            Class.forName(main).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the chapter's own failure, as if it had been called directly
        }
    }
}
