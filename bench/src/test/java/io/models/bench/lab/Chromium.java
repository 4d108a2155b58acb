package io.models.bench.lab;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, driven over the DevTools protocol with the JDK's own WebSocket client:
 * open a page, evaluate JavaScript in it, take a screenshot. Started with a fresh profile and the
 * flags that keep it off the network; {@link #close()} ends it and every process it started.
 */
final class Chromium implements AutoCloseable {

    /** As root, headless, and nothing that reaches for the internet (DESIGN.md, browser tests). */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--mute-audio", "--disable-breakpad");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private volatile WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> calls = new ConcurrentHashMap<>();
    private final List<String> output = new ArrayList<>();

    /** The browser on the PATH ({@code chromium}, {@code chromium-browser}), or null. */
    static Path find() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Starts it with a fresh profile under {@code work}, a window of {@code width} x {@code height}. */
    static Chromium start(Path binary, Path work, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--window-size=" + width + "," + height, "about:blank"));
        // It dies with the test's JVM, even one killed outright (a build stopped half way).
        Process p = new ProcessBuilder(DiesWithTheLab.command(cmd)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Chromium c = new Chromium(p, profile);
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofPlatform().name("chromium-output").daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (c.output) {
                        c.output.add(line);
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // it ended
            }
            url.completeExceptionally(new IOException("chromium ended before it listened"));
        });
        try {
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(url.get(60, TimeUnit.SECONDS)), c.listener()).get(30, TimeUnit.SECONDS);
            return c;
        } catch (ExecutionException | TimeoutException e) {
            kill(p);
            throw new IOException("chromium did not start its DevTools: " + e.getMessage() + "; its output: " + c.output());
        }
    }

    /** What it printed so far. */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    private WebSocket.Listener listener() {
        StringBuilder partial = new StringBuilder();
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    onMessage(partial.toString());
                    partial.setLength(0);
                }
                socket.request(1);
                return null;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private void onMessage(String text) {
        Map<String, Object> msg;
        try {
            msg = JSON.std.mapFrom(text);
        } catch (IOException e) {
            return;
        }
        if (msg.get("id") instanceof Number n) {
            CompletableFuture<Map<String, Object>> f = calls.remove(n.intValue());
            if (f != null) {
                if (msg.containsKey("error")) {
                    f.completeExceptionally(new IOException("DevTools: " + msg.get("error")));
                } else {
                    f.complete((Map<String, Object>) msg.getOrDefault("result", Map.of()));
                }
            }
        }
    }

    /** One DevTools command (in a page's session, or the browser's if {@code session} is null). */
    Map<String, Object> call(String session, String method, Map<String, Object> params) throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("method", method);
        msg.put("params", params);
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        calls.put(id, f);
        ws.sendText(JSON.std.asString(msg), true);
        try {
            return f.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(method + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IOException(method + ": no answer in " + CALL_TIMEOUT.toSeconds() + " s");
        } finally {
            calls.remove(id);
        }
    }

    /** A new tab at {@code url}. */
    Page open(String url) throws IOException, InterruptedException {
        String target = (String) call(null, "Target.createTarget", Map.of("url", url)).get("targetId");
        String session = (String) call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId");
        return new Page(target, session);
    }

    /** A tab. */
    final class Page {
        private final String target;
        private final String session;

        private Page(String target, String session) {
            this.target = target;
            this.session = session;
        }

        /** Goes to another page, as a reader who leaves would: this one's pagehide fires. */
        void navigate(String url) throws IOException, InterruptedException {
            call(session, "Page.navigate", Map.of("url", url));
        }

        /** Closes the tab, as a reader would (its pagehide fires, unlike {@link Chromium#kill()}). */
        void close() throws IOException, InterruptedException {
            call(null, "Target.closeTarget", Map.of("targetId", target));
        }

        /** The value of a JavaScript expression (awaited if it is a promise); a thrown error is an IOException. */
        @SuppressWarnings("unchecked")
        Object eval(String expression) throws IOException, InterruptedException {
            Map<String, Object> r = call(session, "Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            if (r.containsKey("exceptionDetails")) {
                throw new IOException("JavaScript: " + r.get("exceptionDetails"));
            }
            return ((Map<String, Object>) r.get("result")).get("value");
        }

        /**
         * The page as a PNG, {@code width} wide, from its top down to the bottom of the element
         * {@code untilId} (or the whole page if null).
         */
        byte[] screenshot(int width, String untilId) throws IOException, InterruptedException {
            call(session, "Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 1000,
                    "deviceScaleFactor", 1, "mobile", false));
            eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"); // laid out at that width
            Number height = (Number) eval(untilId == null ? "document.documentElement.scrollHeight"
                    : "Math.ceil(document.getElementById('" + untilId + "').getBoundingClientRect().bottom + window.scrollY + 8)");
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height", height.intValue(), "scale", 1);
            String data = (String) call(session, "Page.captureScreenshot",
                    Map.of("format", "png", "clip", clip, "captureBeyondViewport", true)).get("data");
            return Base64.getDecoder().decode(data);
        }
    }

    /** Ends the browser at once, as a closed laptop would: no page gets to say goodbye. */
    void kill() {
        kill(process);
    }

    private static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        p.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(20, TimeUnit.SECONDS);
            for (ProcessHandle h : all) {
                h.onExit().get(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported by the test that counts them
        }
    }

    boolean alive() {
        return process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            try {
                call(null, "Browser.close", Map.of());
            } catch (IOException | InterruptedException e) {
                // killed below
            }
        }
        ws.abort();
        kill(process);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
