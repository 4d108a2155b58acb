#!/usr/bin/env python3
"""compare.py: one server, two load generators, the same points, pinned or not.

Runs the C load generator (bench/c/loadgen.c) and the bench's own Java load generator
(java -jar bench/target/bench.jar --target HOST:PORT --pid PID) against the same servers, at the
same points, and prints each run and then the medians, the ratios between servers, and how far
the two generators are apart. Runs are interleaved: trial 1 of every combination, then trial 2...

Pinned (--pin yes): the server runs under `taskset -c 0`, the load generator under `taskset -c 1`
(the C one also pins itself with --cpu 1). Unpinned (--pin no): neither is pinned.

  bench/c/compare.py                                     # the whole matrix: about 30 minutes
  bench/c/compare.py --servers c,06 --points pp100 --runs 1 --gens c
  bench/c/compare.py --server 'mine=python3 my_server.py --port 0' --points st1
  bench/c/compare.py --port 9000 --pid 1234 --points pp100   # a server running already (not pinned by us)

Needs gcc, taskset, and for the Java servers and generator the jars:
  ./mvnw -q -pl bench -am package -DskipTests

Each server is started fresh for each run (as the bench does for each point) and must print
`listening on HOST:PORT`. The Java servers get the bench's JVM flags.
"""

import argparse
import csv
import os
import re
import resource
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
JAVA = os.path.join(JAVA_HOME, "bin", "java")
JVM_FLAGS = ["-Xms64m", "-Xmx64m", "-XX:+UseSerialGC", "-Dio.models.log=WARNING"]  # Main.jvmFlags
CLK_TCK = os.sysconf("SC_CLK_TCK")

# point name -> (mode, connections)
POINTS = {"pp1": ("pingpong", 1), "pp10": ("pingpong", 10), "pp100": ("pingpong", 100),
          "pp1000": ("pingpong", 1000), "st1": ("stream", 1), "st10": ("stream", 10)}


def jar(module):
    return os.path.join(REPO, module, "target", module + ".jar")


def build_c(workdir):
    """upper_echo (its read size set by --read-kib, 16 KiB by default) and loadgen."""
    out = {}
    subprocess.run(["gcc", "-O2", "-o", os.path.join(workdir, "upper_echo"), os.path.join(HERE, "upper_echo.c")], check=True)
    out["upper_echo"] = os.path.join(workdir, "upper_echo")
    subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", os.path.join(workdir, "loadgen"),
                    os.path.join(HERE, "loadgen.c")], check=True)
    out["loadgen"] = os.path.join(workdir, "loadgen")
    return out


def server_commands(bins):
    """The servers this script knows by name."""
    return {
        "c": [bins["upper_echo"], "--port", "0"],
        "c64k": [bins["upper_echo"], "--port", "0", "--read-kib", "64"],
        "06": [JAVA] + JVM_FLAGS + ["-jar", jar("06-selectors"), "--port", "0"],
        "06-64k": [JAVA] + JVM_FLAGS + ["-jar", jar("06-selectors"), "--port", "0", "--read-kib", "64"],
        "netty": [JAVA] + JVM_FLAGS + ["-jar", jar("09-netty"), "--port", "0", "--transport", "epoll", "--threads", "1"],
        "netty2": [JAVA] + JVM_FLAGS + ["-jar", jar("09-netty"), "--port", "0", "--transport", "epoll"],
    }


class Server:
    """A server in its own process, maybe pinned; ready once it prints `listening on HOST:PORT`."""

    def __init__(self, cmd, pin):
        full = (["taskset", "-c", "0"] if pin else []) + cmd
        self.proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     text=True, start_new_session=True)
        self.pid = self.proc.pid  # taskset execs the command: the same process
        deadline = time.time() + 30
        self.port = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on (\S+):(\d+)", line)
            if m:
                self.port = int(m.group(2))
                break
        if self.port is None:
            self.stop()
            raise RuntimeError("server did not print 'listening on': " + " ".join(full))
        # Keep draining its output so it never blocks on a full pipe.
        import threading
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def proc_cpu(pid):
    """utime + stime of a process (all threads), in seconds; None if gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy():
    """(busy seconds of all CPUs, steal seconds) from /proc/stat."""
    f = open("/proc/stat").readline().split()[1:]
    v = [int(x) for x in f]
    user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
    return (user + nice + system + irq + softirq) / CLK_TCK, steal / CLK_TCK


def own_cpu():
    """CPU of this script and of its children that have ended (servers and generators)."""
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = resource.getrusage(resource.RUSAGE_SELF)
    return c.ru_utime + c.ru_stime + me.ru_utime + me.ru_stime


def thread_cpus(pid):
    """{tid: (comm, cpu seconds)} of a process's threads."""
    out = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                s = f.read()
        except OSError:
            continue
        comm = s[s.index("(") + 1:s.rindex(")")]
        fields = s[s.rindex(")") + 2:].split()
        out[int(tid)] = (comm, (int(fields[11]) + int(fields[12])) / CLK_TCK)
    return out


PERF_EVENTS = {"task-clock": "cpu_ms", "context-switches": "cs", "cpu-migrations": "migrations",
               "raw_syscalls:sys_enter": "syscalls", "syscalls:sys_enter_epoll_wait": "epoll_wait",
               "syscalls:sys_enter_epoll_pwait": "epoll_pwait", "syscalls:sys_enter_epoll_ctl": "epoll_ctl",
               "syscalls:sys_enter_read": "read", "syscalls:sys_enter_write": "write",
               "syscalls:sys_enter_readv": "readv", "syscalls:sys_enter_writev": "writev",
               "syscalls:sys_enter_recvfrom": "recv", "syscalls:sys_enter_sendto": "send",
               "syscalls:sys_enter_futex": "futex"}


def thread_groups(before, after):
    """CPU seconds between two thread_cpus() of a JVM, by kind of thread: the JIT's compilers, the GC
    (and the VM thread, where the serial collector runs), and the rest. A thread that ended between
    the two is left out; one that started is counted from 0."""
    g = {"jit": 0.0, "gc": 0.0, "rest": 0.0}
    for tid, (comm, cpu1) in after.items():
        cpu = cpu1 - before[tid][1] if tid in before else cpu1
        if "Compiler" in comm:
            g["jit"] += cpu
        elif comm.startswith(("GC", "G1")) or comm == "VM Thread":
            g["gc"] += cpu
        else:
            g["rest"] += cpu
    return g


class Probe:
    """Inside the measured window (after `delay`, for `seconds`): each process's CPU by thread kind
    (the JIT, the GC, the rest), and with perf, its syscalls and context switches (perf stat)."""

    def __init__(self, pids, delay, seconds, use_perf):
        import threading
        self.counts = {}
        self.threads = []
        for role, pid in pids.items():
            t = threading.Thread(target=self._run, args=(role, pid, delay, seconds, use_perf), daemon=True)
            t.start()
            self.threads.append(t)

    def _run(self, role, pid, delay, seconds, use_perf):
        time.sleep(delay)
        th0, t0 = thread_cpus(pid), time.time()
        if use_perf:
            cmd = ["perf", "stat", "-x,", "-e", ",".join(PERF_EVENTS), "-p", str(pid), "--", "sleep", str(seconds)]
            r = subprocess.run(cmd, capture_output=True, text=True)
            for line in r.stderr.splitlines():
                f = line.split(",")
                if len(f) > 3 and f[2] in PERF_EVENTS:
                    try:
                        self.counts["%s_%s" % (role, PERF_EVENTS[f[2]])] = float(f[0]) / seconds
                    except ValueError:
                        pass
        else:
            time.sleep(seconds)
        th1, t1 = thread_cpus(pid), time.time()
        for k, v in thread_groups(th0, th1).items():
            self.counts["%s_%s_util" % (role, k)] = v / (t1 - t0)

    def join(self):
        for t in self.threads:
            t.join(30)
        return self.counts


def run_c(bins, port, server_pid, mode, conns, pin, a):
    cmd = (["taskset", "-c", "1"] if pin else []) + [bins["loadgen"], "--port", str(port), "--mode", mode,
                                                      "--connections", str(conns), "--warmup-s", str(a.warmup_s),
                                                      "--seconds", str(a.seconds)]
    if pin:
        cmd += ["--cpu", "1"]
    if server_pid:
        cmd += ["--server-pid", str(server_pid)]
    cmd += shlex.split(a.loadgen_args)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pids = {"gen": p.pid}
    if server_pid:
        pids["srv"] = server_pid
    perf = Probe(pids, a.warmup_s + 0.5 + conns / 20000, a.seconds - 1.0, a.perf)
    try:
        stdout, stderr = p.communicate(timeout=a.warmup_s + a.seconds + 60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if p.returncode != 0:
        return {"error": (stderr.strip() or stdout.strip())[:300]}
    kv = dict(x.split("=", 1) for x in stdout.split())
    counts = perf.join() if perf else {}
    return counts | {"ops_per_s": float(kv.get("ops_per_s", "nan")) if mode == "pingpong" else float("nan"),
            "mb_per_s": float(kv["mb_per_s"]),
            "p50_us": float(kv["p50_us"]), "p99_us": float(kv["p99_us"]),
            "server_cpu_util": float(kv.get("server_cpu_util", "nan")),
            "client_cpu_util": float(kv["cpu_util"]), "client_proc_cpu_util": float(kv["cpu_util"]),
            "starved": int(kv["starved"]), "errors": int(kv["errors"]),
            "events_per_wait": float(kv["events_per_wait"])}


def run_java(port, server_pid, mode, conns, pin, a):
    out = tempfile.mkdtemp(prefix="cmp-java-")
    cmd = (["taskset", "-c", "1"] if pin else []) + [JAVA] + shlex.split(a.java_flags) + [
        "-jar", jar("bench"), "--target", "127.0.0.1:%d" % port, "--shapes", mode,
        "--connections", str(conns), "--warmup-ms", str(int(a.warmup_s * 1000)),
        "--window-ms", str(int(a.seconds * 1000)), "--no-charts", "--out", out, "--name", "r",
        "--client-threads", str(a.client_threads)]
    if server_pid:
        cmd += ["--pid", str(server_pid)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # The load generator's own CPU: its threads (bench-load-N) of the first point, and the whole JVM,
    # sampled every 50 ms; the window is the last --seconds before those threads end.
    samples = []  # (time, load threads' cpu, jvm cpu)
    perf = []
    try:
        sample_java(p, samples, perf, server_pid, a)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    r = java_result(p, out, mode, conns, server_pid, samples, a)
    return (perf[0].join() | r) if perf else r


def sample_java(p, samples, perf, server_pid, a):
    first_tids = None
    gone_at = None
    while p.poll() is None:
        t = time.time()
        th = thread_cpus(p.pid)
        jvm = proc_cpu(p.pid)
        load = {tid: c for tid, (comm, c) in th.items() if comm.startswith("bench-load-")}
        if first_tids is None and load:
            first_tids = set(load)
            # The load threads have started: connect, go, warm-up, then the window.
            pids = {"gen": p.pid}
            if server_pid:
                pids["srv"] = server_pid
            perf.append(Probe(pids, a.warmup_s + 0.6, a.seconds - 1.0, a.perf))
        if first_tids is not None and gone_at is None:
            alive = [load[t2] for t2 in first_tids if t2 in load]
            if alive and jvm is not None:
                samples.append((t, sum(alive), jvm))
            elif not alive:
                gone_at = t
        time.sleep(0.05)


def java_result(p, out, mode, conns, server_pid, samples, a):
    text = p.stdout.read()
    path = os.path.join(out, "r.csv")
    if p.returncode != 0 or not os.path.exists(path):
        return {"error": text.strip().splitlines()[-1][:300] if text.strip() else "exit %d" % p.returncode}
    rows = list(csv.DictReader(open(path)))
    want = "ping_pong_64" if mode == "pingpong" else "stream"
    row = next(r for r in rows if r["shape"] == want and int(r["active"]) == conns)

    def f(k):
        return float(row[k]) if row[k] not in ("", None) else float("nan")

    res = {"ops_per_s": f("requests_per_s") if mode == "pingpong" else float("nan"), "mb_per_s": f("mb_per_s"),
           "p50_us": f("p50_us") if mode == "pingpong" else -1, "p99_us": f("p99_us") if mode == "pingpong" else -1,
           "server_cpu_util": f("server_cpu_s") / f("cpu_window_s") if server_pid else float("nan"),
           "starved": int(row["starved"]), "errors": int(row["errors"]), "events_per_wait": float("nan")}
    # The window: from (end - seconds) to end, less 0.3 s at each side for the sampling's slack.
    res["client_cpu_util"] = res["client_proc_cpu_util"] = float("nan")
    if samples:
        end = samples[-1][0]
        inside = [s for s in samples if end - a.seconds + 0.3 <= s[0] <= end - 0.3]
        if len(inside) >= 2:
            dt = inside[-1][0] - inside[0][0]
            res["client_cpu_util"] = (inside[-1][1] - inside[0][1]) / dt
            res["client_proc_cpu_util"] = (inside[-1][2] - inside[0][2]) / dt
    return res


def await_quiet(a):
    """Waits (at most --quiet-wait seconds) until other processes use at most --max-others of a core
    over 2 s; returns what they used last."""
    deadline = time.time() + a.quiet_wait
    while True:
        b0, _ = machine_busy()
        o0 = own_cpu()
        time.sleep(2)
        b1, _ = machine_busy()
        used = ((b1 - b0) - (own_cpu() - o0)) / 2
        if used <= a.max_others or time.time() > deadline:
            return used
        print("      (the machine is busy: other processes use %.2f of a core; waiting)" % used, flush=True)
        time.sleep(8)


def one_run(a, bins, cmd, gen, mode, conns, pin):
    """One server started, one generator run against it, the server stopped; what other processes
    on the machine used meanwhile (cores, over the whole run) in 'others'."""
    srv = None
    busy0, steal0 = machine_busy()
    own0, t0 = own_cpu(), time.time()
    try:
        if cmd is not None:
            srv = Server(cmd, pin)
            port, pid = srv.port, srv.pid
        else:
            port, pid = a.port, a.pid
        if gen == "c":
            r = run_c(bins, port, pid, mode, conns, pin, a)
        else:
            r = run_java(port, pid, mode, conns, pin, a)
    except Exception as e:  # a run that fails is a row with its error, not the end
        r = {"error": str(e)[:300]}
    finally:
        if srv:
            srv.stop()
    busy1, steal1 = machine_busy()
    wall = time.time() - t0
    other = (busy1 - busy0) - (own_cpu() - own0)
    if cmd is None and a.pid:
        other = float("nan")  # the running server is not our child: its CPU is in 'other'
    r["others"] = max(0.0, other / wall) if other == other else float("nan")
    r["steal"] = (steal1 - steal0) / wall
    return r


def fmt(v, nd=0):
    if v is None or (isinstance(v, float) and v != v):
        return "-"
    return "{:,.{}f}".format(v, nd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--servers", default="c,06,netty",
                    help="servers by name: c, c64k (C with 64 KiB reads), 06, 06-64k (06 with 64 KiB reads), netty (epoll, 1 thread), "
                         "netty2 (epoll, 2 threads) (default: c,06,netty)")
    ap.add_argument("--server", action="append", default=[], metavar="NAME=CMD",
                    help="one more server: a command that listens on a free port and prints 'listening on HOST:PORT'")
    ap.add_argument("--port", type=int, help="a server running already on 127.0.0.1:PORT (instead of starting servers)")
    ap.add_argument("--pid", type=int, help="with --port: its process id, for its CPU")
    ap.add_argument("--gens", default="c,java", help="load generators: c, java (default: both)")
    ap.add_argument("--points", default="pp100,pp1000,st1,st10", help="of " + ", ".join(POINTS))
    ap.add_argument("--pin", default="yes,no", help="yes (server on CPU 0, client on CPU 1), no, or both (default)")
    ap.add_argument("--runs", type=int, default=3, help="trials of each combination, interleaved (default 3)")
    ap.add_argument("--warmup-s", type=float, default=2.0)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--client-threads", type=int, default=2, help="the Java generator's threads (default 2)")
    ap.add_argument("--loadgen-args", default="", help="more flags for the C load generator, e.g. '--nodelay 0'")
    ap.add_argument("--java-flags", default="", help="JVM flags for the Java load generator's JVM")
    ap.add_argument("--out", default=None, help="write every run to this CSV file")
    ap.add_argument("--max-others", type=float, default=0.25,
                    help="a run during which other processes used more than this many cores is run again (default 0.25)")
    ap.add_argument("--perf", action="store_true",
                    help="count syscalls, context switches and CPU of server and generator with perf stat in the window")
    ap.add_argument("--quiet-wait", type=float, default=300,
                    help="before each run, wait up to this many seconds for other processes to use at most "
                         "--max-others of a core (default 300; 0: do not wait)")
    ap.add_argument("--retries", type=int, default=2, help="how many times at most (default 2)")
    ap.add_argument("--fill", action="store_true",
                    help="with --out: keep the runs the file has, and run only what is missing for --runs clean runs "
                         "of each combination (appending to it)")
    ap.add_argument("--summarize", metavar="CSV", help="run nothing: print the tables of a CSV file that --out wrote, "
                    "leaving out the runs during which other processes used more than --max-others of a core")
    a = ap.parse_args()
    if a.summarize:
        summarize_file(a.summarize, a.max_others)
        return

    work = tempfile.mkdtemp(prefix="cmp-bin-")
    bins = build_c(work)
    known = server_commands(bins)
    servers = []
    if a.port:
        servers.append(("port%d" % a.port, None))
    else:
        for name in [s for s in a.servers.split(",") if s]:
            if name not in known:
                sys.exit("compare: unknown server %r; known: %s" % (name, ", ".join(known)))
            servers.append((name, known[name]))
        for s in a.server:
            name, _, cmd = s.partition("=")
            servers.append((name, shlex.split(cmd)))
    gens = [g for g in a.gens.split(",") if g]
    points = [p for p in a.points.split(",") if p]
    pins = [p == "yes" for p in a.pin.split(",") if p]
    for p in points:
        if p not in POINTS:
            sys.exit("compare: unknown point %r; known: %s" % (p, ", ".join(POINTS)))
    if "java" in gens and not os.path.exists(jar("bench")):
        sys.exit("compare: %s is missing: ./mvnw -q -pl bench -am package -DskipTests" % jar("bench"))

    results = []  # dicts
    writer = None
    have = {}  # (pin, point, server, gen) -> clean runs in the file already
    if a.fill and a.out and os.path.exists(a.out):
        for r in csv.DictReader(open(a.out)):
            if not r.get("error") and r.get("others") not in (None, "") and float(r["others"]) <= a.max_others:
                k = (r["pin"], r["point"], r["server"], r["gen"])
                have[k] = have.get(k, 0) + 1
    if a.out:
        append = a.fill and os.path.exists(a.out)
        fh = open(a.out, "a" if append else "w", newline="")
        fields = ["trial", "pin", "point", "server", "gen", "ops_per_s", "mb_per_s", "p50_us", "p99_us",
                  "server_cpu_util", "client_cpu_util", "client_proc_cpu_util", "events_per_wait", "starved",
                  "errors", "others", "steal", "loadavg", "error"]
        fields += ["%s_%s" % (role, v) for role in ("srv", "gen") for v in PERF_EVENTS.values()]
        fields += ["%s_%s_util" % (role, k) for role in ("srv", "gen") for k in ("jit", "gc", "rest")]
        if append:
            fields = next(csv.reader(open(a.out)))  # the file's own columns
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        if not append:
            writer.writeheader()
    print("%-5s %-4s %-6s %-7s %-4s %12s %9s %9s %9s %6s %6s %6s %s" % (
        "trial", "pin", "point", "server", "gen", "req/s", "MB/s", "p50 us", "p99 us", "srvCPU", "genCPU", "JVM",
        "others"), flush=True)
    t_start = time.time()
    for trial in range(1, a.runs + 1):
        for pin in pins:
            for point in points:
                mode, conns = POINTS[point]
                for sname, cmd in servers:
                    for gen in gens:
                        if have.get(("yes" if pin else "no", point, sname, gen), 0) >= trial:
                            continue
                        for attempt in range(1 + a.retries):
                            if a.quiet_wait > 0:
                                await_quiet(a)
                            r = one_run(a, bins, cmd, gen, mode, conns, pin)
                            if "error" in r or r["others"] <= a.max_others:
                                break
                            print("      (%s %s %s %s: other processes used %.2f of a core; again in 5 s)" % (
                                point, sname, gen, "pinned" if pin else "unpinned", r["others"]), flush=True)
                            time.sleep(5)
                        r.update(trial=trial, pin="yes" if pin else "no", point=point, server=sname, gen=gen,
                                 loadavg=open("/proc/loadavg").read().split()[0])
                        results.append(r)
                        if writer:
                            writer.writerow(r)
                            fh.flush()
                        if "error" in r:
                            print("%-5d %-4s %-6s %-7s %-4s ERROR %s" % (trial, r["pin"], point, sname, gen, r["error"]),
                                  flush=True)
                        else:
                            print("%-5d %-4s %-6s %-7s %-4s %12s %9s %9s %9s %6s %6s %6s %s" % (
                                trial, r["pin"], point, sname, gen, fmt(r["ops_per_s"]), fmt(r["mb_per_s"], 1),
                                fmt(r["p50_us"], 1), fmt(r["p99_us"], 1), fmt(r["server_cpu_util"], 2),
                                fmt(r["client_cpu_util"], 2), fmt(r["client_proc_cpu_util"], 2), fmt(r["others"], 2)),
                                flush=True)
    print("\n%d runs in %.0f s\n" % (len(results), time.time() - t_start))
    summarize(results, pins, points, [s for s, _ in servers], gens, a.max_others)


def summarize_file(path, max_others):
    rows = []
    for r in csv.DictReader(open(path)):
        if r.get("error"):
            rows.append({"error": r["error"], "pin": r["pin"], "point": r["point"], "server": r["server"], "gen": r["gen"]})
            continue
        d = {}
        for k, v in r.items():
            if k in ("pin", "point", "server", "gen", "error"):
                d[k] = v
            elif v not in ("", None):
                d[k] = float(v)
        d.setdefault("others", 0.0)
        if d["others"] > max_others:
            continue  # other processes took the CPU this run needed
        rows.append(d)

    def order(key):
        seen = []
        for r in rows:
            if r[key] not in seen:
                seen.append(r[key])
        return seen
    summarize(rows, [p == "yes" for p in order("pin")], order("point"), order("server"), order("gen"), max_others)


def summarize(results, pins, points, servers, gens, max_others):
    def med(pin, point, server, gen, key):
        nan = float("nan")
        vals = [r[key] for r in results if "error" not in r and r["pin"] == pin and r["point"] == point
                and r["server"] == server and r["gen"] == gen and r.get(key, nan) == r.get(key, nan)]
        return statistics.median(vals) if vals else float("nan")

    print("Medians (requests/s for ping-pong, MB/s for the stream; CPU in cores over the window;")
    print("clean = runs during which other processes used at most --max-others of a core)")
    print("| pinned | point | server | gen | result | p99 us | server CPU | server CPU per unit | gen CPU | gen JVM CPU | clean |")
    print("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for pin in ["yes" if p else "no" for p in pins]:
        for point in points:
            key = "ops_per_s" if POINTS[point][0] == "pingpong" else "mb_per_s"
            for s in servers:
                for g in gens:
                    per = med(pin, point, s, g, "server_cpu_util") / med(pin, point, s, g, key) * 1e6
                    mine = [r for r in results if "error" not in r and r["pin"] == pin and r["point"] == point
                            and r["server"] == s and r["gen"] == g]
                    clean = "%d/%d" % (sum(1 for r in mine if r["others"] <= max_others), len(mine))
                    print("| %s | %s | %s | %s | %s | %s | %s | %s %s | %s | %s | %s |" % (
                        pin, point, s, g, fmt(med(pin, point, s, g, key), 0 if key == "ops_per_s" else 1),
                        fmt(med(pin, point, s, g, "p99_us"), 0), fmt(med(pin, point, s, g, "server_cpu_util"), 2),
                        fmt(per, 1), "us/request" if key == "ops_per_s" else "us/MB",
                        fmt(med(pin, point, s, g, "client_cpu_util"), 2),
                        fmt(med(pin, point, s, g, "client_proc_cpu_util"), 2), clean))
    if any("srv_jit_util" in r for r in results):
        print("\nCPU by thread kind in the window (cores; medians): the JIT's compiler threads, the GC and VM thread, the rest")
        print("| pinned | point | server | gen | server jit | server gc | server rest | gen jit | gen gc | gen rest |")
        print("|---|---|---|---|---:|---:|---:|---:|---:|---:|")
        for pin in ["yes" if p else "no" for p in pins]:
            for point in points:
                for s in servers:
                    for g in gens:
                        print("| %s | %s | %s | %s | %s |" % (pin, point, s, g, " | ".join(
                            fmt(med(pin, point, s, g, "%s_%s_util" % (side, k)), 2)
                            for side in ("srv", "gen") for k in ("jit", "gc", "rest"))))
    if any("srv_syscalls" in r or "gen_syscalls" in r for r in results):
        print("\nperf stat in the window, per request (ping-pong) or per MB (stream); medians")
        cols = ["cpu_ms", "syscalls", "epoll_wait", "epoll_ctl", "read", "recv", "write", "send", "writev", "cs",
                "migrations", "futex"]
        print("| pinned | point | server | gen | side | " + " | ".join(cols) + " |")
        print("|---|---|---|---|---|" + "---:|" * len(cols))
        for pin in ["yes" if p else "no" for p in pins]:
            for point in points:
                key = "ops_per_s" if POINTS[point][0] == "pingpong" else "mb_per_s"
                for s in servers:
                    for g in gens:
                        for side in ("srv", "gen"):
                            vals = []
                            for c in cols:
                                per = [r["%s_%s" % (side, c)] / r[key] for r in results
                                       if "error" not in r and r["pin"] == pin and r["point"] == point
                                       and r["server"] == s and r["gen"] == g and "%s_%s" % (side, c) in r
                                       and r[key] == r[key] and r[key] > 0]
                                scale = 1000.0 if c == "cpu_ms" else 1.0  # ms -> us
                                vals.append(fmt(statistics.median(per) * scale, 2) if per else "-")
                            print("| %s | %s | %s | %s | %s | %s |" % (pin, point, s, g, side, " | ".join(vals)))
        print("(cpu_ms is shown as us of CPU per request or per MB)")
    if len(servers) >= 2:
        base = servers[0]
        print("\nRatios of medians against %s, by each generator; 'apart' = java ratio / c ratio - 1" % base)
        print("| pinned | point | server | ratio (c gen) | ratio (java gen) | apart |")
        print("|---|---|---|---:|---:|---:|")
        for pin in ["yes" if p else "no" for p in pins]:
            for point in points:
                key = "ops_per_s" if POINTS[point][0] == "pingpong" else "mb_per_s"
                for s in servers[1:]:
                    rc = med(pin, point, s, "c", key) / med(pin, point, base, "c", key) if "c" in gens else float("nan")
                    rj = (med(pin, point, s, "java", key) / med(pin, point, base, "java", key)
                          if "java" in gens else float("nan"))
                    apart = rj / rc - 1 if rc == rc and rj == rj else float("nan")
                    print("| %s | %s | %s/%s | %s | %s | %s |" % (pin, point, s, base, fmt(rc, 3), fmt(rj, 3),
                                                                  "-" if apart != apart else "%+.0f%%" % (100 * apart)))
        # The turnover: 06 against netty.
        if "06" in servers and "netty" in servers:
            print("\n06 / netty (epoll, 1 thread) by each generator")
            print("| pinned | point | c gen | java gen |")
            print("|---|---|---:|---:|")
            for pin in ["yes" if p else "no" for p in pins]:
                for point in points:
                    key = "ops_per_s" if POINTS[point][0] == "pingpong" else "mb_per_s"
                    vals = []
                    for g in ("c", "java"):
                        vals.append(med(pin, point, "06", g, key) / med(pin, point, "netty", g, key)
                                    if g in gens else float("nan"))
                    print("| %s | %s | %s | %s |" % (pin, point, fmt(vals[0], 3), fmt(vals[1], 3)))


if __name__ == "__main__":
    def on_term(sig, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("compare: stopped; the server and load generator of the run under way were stopped")
