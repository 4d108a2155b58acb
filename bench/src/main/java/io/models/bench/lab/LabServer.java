package io.models.bench.lab;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.models.common.chapter.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's web server: the page (HTML, CSS, JS and uPlot, all from the jar) and the JSON API, on
 * 127.0.0.1 only. Every answer of the API is JSON; a refusal is {@code {"error": "one line",
 * "errorText": {"en": ..., "zh": ...}}} with its status, never a stack trace.
 *
 * <pre>
 * GET  /api/models                    the models, their flags and texts, the limits, the page's guide
 * GET  /api/runs                      every run the lab keeps
 * POST /api/runs                      start one: {"model": "06", "idle": 1000, "active": 100, "bytes": 64}
 * GET  /api/runs/{id}                 one run
 * GET  /api/runs/{id}/samples?from=N  its samples, one a second, from number N on
 * POST /api/runs/{id}/load            a new load: {"idle": 0, "active": 100, "bytes": 64}
 * POST /api/runs/{id}/stop            stop it ({"left": true}: its page is going away)
 * </pre>
 */
public final class LabServer implements AutoCloseable {

    private static final String PAGE = "/io/models/bench/lab/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/lab.js", "lab.js", "/lab.css", "lab.css", "/texts.js", "texts.js", "/charts.js", "charts.js",
            "/controls.js", "controls.js", "/heartbeat.js", "heartbeat.js");
    private static final Map<String, String> UPLOT_FILES = Map.of(
            "/uplot/uPlot.iife.min.js", "uPlot.iife.min.js", "/uplot/uPlot.min.css", "uPlot.min.css");
    private static final Pattern RUN = Pattern.compile("/api/runs/(\\d{1,9})(/samples|/load|/stop)?");
    private static final int MAX_BODY = 64 * 1024;
    /** A field with no value is there, as null (a latency in a second without requests). */
    private static final JSON JSON_OUT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private final HttpServer http;
    private final ExecutorService pool;
    private final LabRuns runs;
    private final LabModels models;
    private final String uplot;

    /** Binds 127.0.0.1:{@code port} (0: any free port) and serves. */
    public LabServer(LabRuns runs, LabModels models, int port) throws IOException {
        this.runs = runs;
        this.models = models;
        this.uplot = uplotDir();
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.pool = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("lab-http-", 1).daemon().factory());
        http.setExecutor(pool);
        http.createContext("/", this::handle);
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /**
     * Where the uPlot WebJar keeps its files on the class path: its version is read from the jar's
     * own {@code pom.properties}, so the root pom's {@code uplot.version} is the only place it is named.
     */
    public static String uplotDir() throws IOException {
        Properties p = new Properties();
        try (InputStream in = LabServer.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IOException("the uPlot WebJar (org.webjars.npm:uplot) is not on the class path");
            }
            p.load(in);
        }
        return "/META-INF/resources/webjars/uplot/" + p.getProperty("version") + "/dist/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                checkOrigin(ex);
                String path = ex.getRequestURI().getPath();
                if (path.startsWith("/api/")) {
                    api(ex, path);
                } else {
                    file(ex, path);
                }
            } catch (LabError e) {
                send(ex, e.status, error(e.text));
            } catch (RuntimeException e) {
                System.err.println("lab: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed: " + e);
                send(ex, 500, error(new Text("the lab failed: " + e, "实验台内部出错：" + e)));
            }
        }
    }

    /**
     * Only this page may drive the lab: a request another site's page makes the browser send (its
     * {@code Origin} says so), or one to a name that is not this machine (DNS rebinding), is refused.
     * Scripts ({@code curl}) send no Origin.
     */
    private void checkOrigin(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        String self = ":" + port();
        if (host != null && !host.equals("127.0.0.1" + self) && !host.equals("localhost" + self)) {
            throw LabError.forbidden("the lab answers http://127.0.0.1" + self + "/ only, not " + host,
                    "实验台只响应 http://127.0.0.1" + self + "/，不响应 " + host);
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && !origin.equals("http://127.0.0.1" + self) && !origin.equals("http://localhost" + self)) {
            throw LabError.forbidden("requests from other pages (" + origin + ") are refused",
                    "来自其他页面（" + origin + "）的请求一律拒绝");
        }
    }

    private void api(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if (path.equals("/api/models")) {
            only(method, "GET");
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("models", models.json());
            j.put("guide", LabGuide.json());
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("connections", LabRuns.MAX_CONNECTIONS);
            limits.put("seconds", LabRuns.MAX_TIME.toSeconds());
            limits.put("bytes", LabRuns.MAX_BYTES);
            limits.put("runs", LabRuns.MAX_RUNNING);
            limits.put("silenceSeconds", runs.silence().toSeconds());
            j.put("limits", limits);
            send(ex, 200, j);
            return;
        }
        if (path.equals("/api/runs")) {
            if (method.equals("POST")) {
                send(ex, 201, runs.start(body(ex)).json());
            } else {
                only(method, "GET");
                send(ex, 200, Map.of("runs", runs.all().stream().map(LabRun::json).toList()));
            }
            return;
        }
        Matcher m = RUN.matcher(path);
        if (!m.matches()) {
            throw LabError.notFound("no " + path + " in the API: see /api/models and /api/runs",
                    "API 里没有 " + path + "：请看 /api/models 和 /api/runs");
        }
        LabRun run = runs.get(Integer.parseInt(m.group(1)));
        run.seen();
        String what = m.group(2) == null ? "" : m.group(2);
        switch (what) {
            case "/samples" -> {
                only(method, "GET");
                int from = from(ex.getRequestURI().getRawQuery());
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("run", run.json());
                j.put("from", from);
                j.put("samples", run.samples(from).stream().map(LabSample::json).toList());
                send(ex, 200, j);
            }
            case "/load" -> {
                only(method, "POST");
                send(ex, 200, runs.change(run.id, body(ex)).json());
            }
            case "/stop" -> {
                only(method, "POST");
                run.stop(LabRuns.stopBody(body(ex)) ? LabReasons.LEFT : LabReasons.STOPPED_BY_HAND);
                send(ex, 200, run.json());
            }
            default -> {
                only(method, "GET");
                send(ex, 200, run.json());
            }
        }
    }

    private static int from(String query) {
        if (query == null) {
            return 0;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("from=")) {
                return LabRuns.whole(part.substring(5), new Text("from", "\"from\" 参数"), 0, Integer.MAX_VALUE);
            }
        }
        return 0;
    }

    private static void only(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw LabError.method(method + " is not for this address: " + allowed + " is",
                    "这个地址不接受 " + method + "，只接受 " + allowed);
        }
    }

    /** The request's JSON object (an empty body is an empty object). */
    private static Map<String, Object> body(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw LabError.bad("the body is larger than " + MAX_BODY + " bytes", "请求体超过了 " + MAX_BODY + " 字节");
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return Map.of();
        }
        if (!text.startsWith("{")) {
            throw LabError.bad("the body is a JSON object, such as {\"model\": \"06\", \"active\": 100}",
                    "请求体应当是一个 JSON 对象，例如 {\"model\": \"06\", \"active\": 100}");
        }
        try {
            return JSON.std.mapFrom(text);
        } catch (IOException e) {
            String why = e.getMessage().lines().findFirst().orElse(""); // the parser's own words
            throw LabError.bad("the body is not JSON: " + why, "请求体不是合法的 JSON：" + why);
        }
    }

    private void file(HttpExchange ex, String path) throws IOException {
        only(ex.getRequestMethod(), "GET");
        String resource = FILES.containsKey(path) ? PAGE + FILES.get(path)
                : UPLOT_FILES.containsKey(path) ? uplot + UPLOT_FILES.get(path) : null;
        byte[] bytes = null;
        if (resource != null) {
            try (InputStream in = LabServer.class.getResourceAsStream(resource)) {
                bytes = in == null ? null : in.readAllBytes();
            }
        }
        if (bytes == null) {
            throw LabError.notFound("no page " + path + " here: the lab is at /", "这里没有页面 " + path + "：实验台在 /");
        }
        String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "text/html";
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A refusal: the English line for scripts, and both languages for the page. */
    private static Map<String, Object> error(Text why) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("error", why.en());
        j.put("errorText", LabModels.text(why));
        return j;
    }

    private static void send(HttpExchange ex, int status, Object json) throws IOException {
        byte[] bytes = JSON_OUT.asBytes(json);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }
}
