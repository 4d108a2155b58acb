package io.models.bench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.models.bench.LabCommand;
import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Repository;
import io.models.bench.server.ServerProcess;
import io.models.bench.sweep.Runner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The lab in the test's JVM, as {@code bench lab} sets it up (the chapters' real jars, each run its
 * own server process), on a free port; and an HTTP client that speaks its JSON API.
 */
final class LabFixture implements AutoCloseable {

    /** What the API answered: the status and the JSON object. */
    record Reply(int status, Map<String, Object> json, String body) {
        String error() {
            return (String) json.get("error");
        }
    }

    final Path root = Repository.find();
    final LabModels models;
    final LabRuns runs;
    final LabServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    LabFixture(CReference c) throws IOException {
        this(c, LabCommand.HEARTBEAT);
    }

    /** With its own silence limit: how long a page's run waits for a word from its page. */
    LabFixture(CReference c, Duration heartbeat) throws IOException {
        models = new LabModels(Catalog.builtIn(root), root, c);
        Runner.Env env = new Runner.Env(root, ServerProcess.javaBinary(), ServerProcess.jvmFlags(ServerProcess.DEFAULT_HEAP), c, 2,
                Runner.Timing.DEFAULT);
        runs = new LabRuns(models, new LabRun.Setup(env, heartbeat));
        server = new LabServer(runs, models, 0);
    }

    /** Without the C reference (no gcc run): the tests use the chapters. */
    LabFixture() throws IOException {
        this(CReference.absent("not built by this test"));
    }

    URI uri() {
        return server.uri();
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri().resolve(path)).GET());
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type")).as(r.uri().toString()).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        return new Reply(r.statusCode(), JSON.std.mapFrom(r.body()), r.body());
    }

    /** Starts a run and returns its id. */
    int start(String body) throws IOException, InterruptedException {
        Reply r = post("/api/runs", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return ((Number) r.json().get("id")).intValue();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> samples(int id, int from) throws IOException, InterruptedException {
        Reply r = get("/api/runs/" + id + "/samples?from=" + from);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (List<Map<String, Object>>) r.json().get("samples");
    }

    Map<String, Object> run(int id) throws IOException, InterruptedException {
        Reply r = get("/api/runs/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static double number(Map<String, Object> json, String field) {
        return ((Number) json.get(field)).doubleValue();
    }

    /** Stops the page and every run, and waits until every server process is gone. */
    @Override
    public void close() {
        server.close();
        runs.close();
    }
}
