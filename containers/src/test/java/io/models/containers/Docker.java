package io.models.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Info;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine these tests run on, and how they reach its containers.
 *
 * <p>Here (Linux, the engine on this machine's kernel) containers share the host's network and
 * talk over 127.0.0.1, and the tests read a container's process and cgroup from this machine's
 * {@code /proc} and {@code /sys/fs/cgroup}. Docker Desktop (macOS, Windows, or Linux with its VM)
 * runs containers in a VM: there ports are mapped, as Testcontainers usually does, and what only
 * the host side of a container can show is skipped. {@code -Dcontainers.network=host|bridge}
 * overrides the choice.
 */
final class Docker {

    /** Under CI these tests must run: no Docker engine is a failure there, not a skip. */
    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private static Boolean available;
    private static Boolean sameKernel;

    private Docker() {
    }

    /** True if a Docker engine answers (Testcontainers looks for it the usual ways). */
    static synchronized boolean available() {
        if (available == null) {
            available = DockerClientFactory.instance().isDockerAvailable();
        }
        return available;
    }

    /** The engine's client; a missing engine is one clear failure (what CI sees). */
    static DockerClient client() {
        if (!available()) {
            throw new IllegalStateException("no Docker engine answers (docker info fails; set DOCKER_HOST if yours is not the default)"
                    + (CI ? "; CI=true, so the container tests must run: .ci/run starts one" : ""));
        }
        return DockerClientFactory.instance().client();
    }

    /**
     * True if the engine runs on this machine's own kernel, not in a VM: then a container's
     * process is in this machine's /proc, its cgroup under /sys/fs/cgroup, and its ports on our
     * loopback when it shares the host's network.
     */
    static synchronized boolean sameKernel() {
        if (sameKernel == null) {
            Info info = client().infoCmd().exec();
            sameKernel = ourKernel().equals(info.getKernelVersion())
                    && !String.valueOf(info.getOperatingSystem()).contains("Docker Desktop");
        }
        return sameKernel;
    }

    /** Containers use the host's network (127.0.0.1) unless the engine is elsewhere; see the class comment. */
    static boolean hostNetwork() {
        String chosen = System.getProperty("containers.network", "");
        return chosen.isEmpty() ? sameKernel() : chosen.equals("host");
    }

    /** This machine's kernel release ({@code uname -r}, the JVM's {@code os.version} on Linux). */
    private static String ourKernel() {
        return System.getProperty("os.name").equals("Linux") ? System.getProperty("os.version")
                : "not linux"; // macOS, Windows: the engine runs in a VM
    }

    /** The container's state, as {@code docker inspect} shows it. */
    static InspectContainerResponse.ContainerState state(String containerId) {
        return client().inspectContainerCmd(containerId).exec().getState();
    }

    /** Runs the annotated tests only where a Docker engine answers, or fails them under CI. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Required.class)
    @interface Needed {
    }

    static final class Required implements ExecutionCondition {
        private static boolean saidWhy;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (available()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            if (CI) {
                return ConditionEvaluationResult.enabled("CI=true: the container tests run, and fail without Docker");
            }
            String why = "no Docker engine answers (docker info fails; set DOCKER_HOST if yours is not the default): "
                    + "the container tests are skipped; "
                    + "start Docker to run them (containers/README.md)";
            if (!saidWhy) {
                saidWhy = true;
                System.out.println("[containers] " + why); // once, on the console: surefire does not show the reason
            }
            return ConditionEvaluationResult.disabled(why);
        }
    }
}
