package io.models.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A chapter's image: its runnable jar on a Java runtime, built by the tests themselves.
 *
 * <p>By default nothing is pulled: the runtime image is {@code FROM scratch} with a runtime
 * jlinked from the JDK running the tests ({@link OfflineRuntime}), kept as
 * {@code io-models/runtime:<hash>} for the next run. Where an image can be pulled,
 * {@code -Dcontainers.baseImage=eclipse-temurin:21-jre} builds on that instead; it is the default
 * where this JDK is not a Linux one (a runtime linked on macOS cannot run in a Linux container).
 * The chapter images, {@code io-models/<chapter>:<hash of the jar and base>}, are kept too, one
 * per chapter: a run removes the ones an earlier run built from other jars.
 */
final class Images {

    /** The flags every chapter's JVM runs with: no perf-data file, UTF-8 out (a scratch image has no locale). */
    static final List<String> JVM_FLAGS = List.of("-XX:-UsePerfData", "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8");

    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();
    private static final java.util.Set<String> SAID_MISSING = ConcurrentHashMap.newKeySet();
    private static String runtime;

    private Images() {
    }

    /** The registry image to build on, or "" for the offline runtime. */
    static String baseImage() {
        String chosen = System.getProperty("containers.baseImage", "");
        if (!chosen.isEmpty()) {
            return chosen;
        }
        return System.getProperty("os.name").equals("Linux") ? "" : "eclipse-temurin:21-jre";
    }

    /** The java launcher inside the image. */
    static String java() {
        return baseImage().isEmpty() ? OfflineRuntime.JAVA_HOME + "/bin/java" : "java";
    }

    /**
     * {@code java <flags> <the chapter's JVM flags> <jvmArgs> -jar /app/<chapter>.jar}: what a
     * chapter's container runs.
     */
    static List<String> entrypoint(PackagedChapter chapter, List<String> jvmArgs) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(chapter.chapter().jvmFlags());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", "/app/" + chapter.name() + ".jar"));
        return cmd;
    }

    /** The chapter's image name, built on first use (skipped, or failed under CI, if its jar is not packaged). */
    static String of(PackagedChapter chapter) {
        String missing = chapter.name() + "/target/" + chapter.name() + ".jar is missing or older than its classes: "
                + "the container tests run the chapters' packaged jars (./mvnw verify packages them first)";
        if (Docker.CI) {
            Objects.requireNonNull(chapter.jar(), missing);
        } else if (chapter.jar() == null) {
            if (SAID_MISSING.add(chapter.name())) {
                System.out.println("[containers] skipped: " + missing); // surefire shows no skip reason
            }
            assumeTrue(false, missing);
        }
        return BUILT.computeIfAbsent(chapter.name(), name -> build(chapter));
    }

    private static String build(PackagedChapter chapter) {
        String from = baseImage().isEmpty() ? runtime() : baseImage();
        String name = "io-models/" + chapter.name() + ":" + sha256(sha256(chapter.jar()) + "|" + from).substring(0, 12);
        if (exists(name)) {
            return name; // this very jar on this very base: built by an earlier run
        }
        removeOthers("io.models.chapter", chapter.name());
        String entrypoint = entrypoint(chapter, List.of()).stream().map(s -> '"' + s + '"')
                .collect(Collectors.joining(", ", "[", "]"));
        return new ImageFromDockerfile(name, false)
                .withFileFromPath("app.jar", chapter.jar())
                .withFileFromString("Dockerfile", """
                        FROM %s
                        COPY app.jar /app/%s.jar
                        LABEL io.models.chapter=%s
                        ENTRYPOINT %s
                        """.formatted(from, chapter.name(), chapter.name(), entrypoint))
                .get();
    }

    /** The offline runtime image: built once, kept across runs under a name that says what is in it. */
    private static synchronized String runtime() {
        if (runtime != null) {
            return runtime;
        }
        List<Path> jars = PackagedChapter.all().map(PackagedChapter::jar).filter(Objects::nonNull).toList();
        String modules = OfflineRuntime.modules(jars);
        String hash = sha256(System.getProperty("java.home") + "|" + System.getProperty("java.runtime.version")
                + "|" + modules).substring(0, 12);
        String name = "io-models/runtime:" + hash;
        if (exists(name)) {
            runtime = name; // a run before this one built it
            return runtime;
        }
        removeOthers("io.models.runtime", null); // made from another JDK
        try {
            Path rootfs = OfflineRuntime.rootfs(Path.of("target", "containers", "rootfs-" + hash), modules);
            runtime = new ImageFromDockerfile(name, false)
                    .withFileFromPath("rootfs", rootfs)
                    .withFileFromString("Dockerfile", """
                            FROM scratch
                            COPY rootfs/ /
                            ENV LANG=C.UTF-8 JAVA_HOME=%s PATH=%s/bin
                            LABEL io.models.runtime=%s
                            """.formatted(OfflineRuntime.JAVA_HOME, OfflineRuntime.JAVA_HOME, modules))
                    .get();
            return runtime;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the offline runtime: " + e.getMessage(), e);
        }
    }

    private static boolean exists(String image) {
        try {
            Docker.client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Removes the images an earlier run built that this one does not use (another jar, another
     * JDK): each chapter keeps one image, so repeated runs do not pile them up.
     */
    private static void removeOthers(String label, String value) {
        var images = Docker.client().listImagesCmd().withLabelFilter(value == null ? label : label + "=" + value).exec();
        for (Image image : images) {
            try {
                Docker.client().removeImageCmd(image.getId()).withForce(true).exec();
            } catch (NotFoundException | ConflictException e) {
                // gone already, or a container still uses it: the next run tries again
            }
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(in.readAllBytes());
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
