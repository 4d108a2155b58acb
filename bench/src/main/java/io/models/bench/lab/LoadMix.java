package io.models.bench.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the load generator does in a run: idle connections, active ones (ping-pong), the message size. */
public record LoadMix(int idle, int active, int bytes) {
    int connections() {
        return idle + active;
    }

    Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("idle", idle);
        j.put("active", active);
        j.put("bytes", bytes);
        return j;
    }
}
