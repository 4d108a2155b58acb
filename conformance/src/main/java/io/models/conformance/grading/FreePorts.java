package io.models.conformance.grading;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** The ports the gradebook gives the students' servers: free on loopback, never one handed to another student still being graded. */
final class FreePorts {

    private final Set<Integer> given = new HashSet<>();

    /** A free port, now this student's until {@link #release}. */
    int take() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                synchronized (given) {
                    if (given.add(s.getLocalPort())) {
                        return s.getLocalPort();
                    }
                }
            }
        }
    }

    void release(int port) {
        synchronized (given) {
            given.remove(port);
        }
    }
}
