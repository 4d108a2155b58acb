/*
 * loadgen.c: a second load generator for the bench, written apart from the Java one
 * (bench/src/main/java/io/models/bench/LoadGen.java), so that a headline ratio can be measured by
 * two clients that share no code. It speaks the repository's protocol: every byte sent comes back
 * with ASCII a-z upper-cased, the reply exactly as long as the request. Every reply byte is checked.
 *
 * One thread, level-triggered epoll, non-blocking sockets. Two shapes:
 *
 *   pingpong  N connections; each sends a message of S bytes (default 64), waits for the whole
 *             reply, checks it, sends the next. One message in flight per connection. Round trips
 *             per second, and latency (request written to whole reply read) in a log-linear
 *             histogram: p50, p99, p99.9.
 *   stream    N connections; each writes W-byte chunks (default 64 KiB) as fast as the server takes
 *             them, at most --inflight bytes (default 4 MiB) not yet back, and reads the replies
 *             at the same time, checking every byte across chunk boundaries. MB/s (10^6 bytes) of
 *             checked reply bytes.
 *
 * The run: open every connection (at most 128 handshakes at once), send one 64-byte request on
 * each and wait for its reply (every connection is then known to be served), start the load on all
 * at once, run --warmup-s unmeasured, then measure --seconds. The same phases as the Java load
 * generator. It always stops by itself: the connect phase has a deadline, the run a fixed length,
 * and an alarm ends it if anything else hangs.
 *
 *   gcc -O2 -Wall -Wextra -o loadgen loadgen.c
 *   ./loadgen --port 9000 --mode pingpong --connections 100 --cpu 1
 *
 * Output: one line of key=value pairs on stdout, exit code 0. A wrong byte, a connection that
 * fails or closes, or a connection never answered: one line on stderr starting "loadgen: FAILED",
 * exit code 1. A bad flag: the usage, exit code 2.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TOUCH_BYTES 64          /* the one request each connection is answered before the load */
#define PAYLOADS 8              /* distinct ping-pong requests; connection i's request r is (i + r) % 8 */
#define MAX_CONNECTING 128      /* handshakes under way at once: the servers' listen backlog is 1024 */
#define MAX_EVENTS 1024
#define MAX_CONNECTIONS 200000

/* ---- the options ---- */

enum mode { PINGPONG, STREAM };

static struct {
    const char *host;
    int port;
    enum mode mode;
    int connections;
    long size;          /* ping-pong: bytes per message; stream: bytes per write */
    double warmup_s;
    double seconds;
    int cpu;            /* -1: not pinned */
    int nodelay;
    int sndbuf;         /* 0: the kernel's default (and its autotuning) */
    int rcvbuf;
    long inflight;      /* stream: bytes sent and not yet back, at most */
    long read_size;     /* bytes asked of each read */
    unsigned long seed;
    long server_pid;    /* 0: not measured; else its CPU over the window, from /proc/PID/stat */
} opt = {"127.0.0.1", 0, PINGPONG, 1, -1, 2.0, 5.0, -1, 1, 0, 0, 4L << 20, 64 * 1024, 42, 0};

/* ---- failing ---- */

static void failed(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void failed(const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, "loadgen: FAILED: %s\n", line);
    exit(1);
}

static void on_alarm(int sig) {
    (void) sig;
    static const char msg[] = "loadgen: FAILED: the run did not end in time (alarm); nothing measured\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void) ignored;
    _exit(1);
}

/* ---- time ---- */

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ULL + (uint64_t) ts.tv_nsec;
}

/* A process's CPU so far (utime + stime of all its threads), in seconds; -1 if it cannot be read. */
static double proc_cpu_seconds(long pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command may hold spaces; the fields start after its ')' */
    unsigned long long utime, stime;
    if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) {
        return -1;
    }
    return (double) (utime + stime) / (double) sysconf(_SC_CLK_TCK);
}

static double cpu_seconds(const struct rusage *r, int sys) {
    const struct timeval *t = sys ? &r->ru_stime : &r->ru_utime;
    return (double) t->tv_sec + (double) t->tv_usec / 1e6;
}

/* ---- the latency histogram: log-linear, 64 linear steps per power of two (under 1.6% error) ---- */

#define SUB_BITS 6
#define SUB (1 << SUB_BITS)
#define BUCKETS ((64 - SUB_BITS + 1) * SUB)

static uint64_t hist[BUCKETS];
static uint64_t hist_count;

static int bucket_of(uint64_t v) {
    if (v < SUB) {
        return (int) v;
    }
    int e = 63 - __builtin_clzll(v); /* >= SUB_BITS */
    int sub = (int) ((v >> (e - SUB_BITS)) & (SUB - 1));
    return (e - SUB_BITS + 1) * SUB + sub;
}

/* The middle of a bucket's range. */
static double value_of(int b) {
    if (b < SUB) {
        return b;
    }
    int e = b / SUB + SUB_BITS - 1;
    uint64_t lo = (uint64_t) (SUB + b % SUB) << (e - SUB_BITS);
    uint64_t width = 1ULL << (e - SUB_BITS);
    return (double) lo + (double) (width - 1) / 2.0;
}

static void record(uint64_t ns) {
    hist[bucket_of(ns)]++;
    hist_count++;
}

/* The value at percentile p (0-100), in microseconds; -1 if nothing was recorded. */
static double percentile_us(double p) {
    if (hist_count == 0) {
        return -1;
    }
    uint64_t rank = (uint64_t) ((p / 100.0) * (double) hist_count + 0.999999);
    if (rank < 1) {
        rank = 1;
    }
    uint64_t seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
        seen += hist[b];
        if (seen >= rank) {
            return value_of(b) / 1e3;
        }
    }
    return -1;
}

/* ---- the payloads ---- */

static uint64_t rng_state;

static uint64_t rng(void) { /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned char up(unsigned char b) {
    return b >= 'a' && b <= 'z' ? (unsigned char) (b - ('a' - 'A')) : b;
}

/* Half lower-case letters, half any byte (capitals, digits, controls, bytes >= 0x80): every case of
 * the protocol in every message. The reply is made here, byte by byte, not by the server's trick. */
static void make_payload(unsigned char **req, unsigned char **rep, size_t len) {
    *req = malloc(len);
    *rep = malloc(len);
    if (*req == NULL || *rep == NULL) {
        failed("out of memory for a %zu-byte payload", len);
    }
    for (size_t i = 0; i < len; i++) {
        uint64_t r = rng();
        unsigned char b = (r & 1) ? (unsigned char) ('a' + (r >> 8) % 26) : (unsigned char) (r >> 16);
        (*req)[i] = b;
        (*rep)[i] = up(b);
    }
}

static unsigned char *req_p[PAYLOADS], *rep_p[PAYLOADS]; /* ping-pong: 8 requests of --size */
static unsigned char *req_s, *rep_s;                     /* stream: one chunk of --size */
static unsigned char *touch_req, *touch_rep;
static unsigned char *scratch;                           /* every read lands here, and is checked here */

/* ---- the connections ---- */

enum state { IDLE, CONNECTING, TOUCHING, ANSWERED, LOADED };

struct conn {
    int fd;
    int index;
    enum state state;
    uint32_t events;            /* the interest epoll has now */
    /* the message on its way (touch or ping-pong) */
    const unsigned char *req, *rep;
    size_t len, wrote, got;
    uint64_t sent_at;
    uint64_t requests;          /* ping-pong requests completed */
    /* stream */
    uint64_t sent, received;
    int window_gen;             /* the window in which it last completed something */
};

static struct conn *conns;
static int epfd;
static int connecting, resolved, answered, next_to_open;

/* the window */
static int recording, window_gen;
static uint64_t w_requests, w_bytes;
static uint64_t w_reads, w_writes, w_waits, w_events;

static void interest(struct conn *c, uint32_t ev) {
    if (c->events != ev) {
        struct epoll_event e = {.events = ev, .data.ptr = c};
        if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e) < 0) {
            failed("connection %d: epoll_ctl: %s", c->index, strerror(errno));
        }
        c->events = ev;
    }
}

static void conn_failed(struct conn *c, const char *what, int err) {
    const char *phase = c->state == CONNECTING ? "connect" : c->state == TOUCHING ? "first request"
                        : "under load";
    if (err) {
        failed("connection %d (%s): %s: %s", c->index, phase, what, strerror(err));
    }
    failed("connection %d (%s): %s", c->index, phase, what);
}

static int socket_error(int fd) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    return err;
}

/* ---- ping-pong (and the touch): one message, its whole reply, checked ---- */

static void send_message(struct conn *c, const unsigned char *req, const unsigned char *rep, size_t len, uint64_t now) {
    c->req = req;
    c->rep = rep;
    c->len = len;
    c->wrote = c->got = 0;
    c->sent_at = now;
    ssize_t w = send(c->fd, req, len, MSG_NOSIGNAL);
    if (w < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            conn_failed(c, "write", errno);
        }
        w = 0;
    }
    if (recording) {
        w_writes++;
    }
    c->wrote = (size_t) w;
    interest(c, c->wrote < len ? EPOLLIN | EPOLLOUT : EPOLLIN);
}

static void next_request(struct conn *c, uint64_t now) {
    int k = (int) ((c->index + c->requests) % PAYLOADS);
    send_message(c, req_p[k], rep_p[k], (size_t) opt.size, now);
}

static void message_writable(struct conn *c) {
    ssize_t w = send(c->fd, c->req + c->wrote, c->len - c->wrote, MSG_NOSIGNAL);
    if (w < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return;
        }
        conn_failed(c, "write", errno);
    }
    if (recording) {
        w_writes++;
    }
    c->wrote += (size_t) w;
    if (c->wrote == c->len) {
        interest(c, EPOLLIN);
    }
}

static void start_load(struct conn *c, uint64_t now);

static void message_readable(struct conn *c) {
    size_t due = c->req != NULL ? c->len - c->got : 0;
    size_t ask = due == 0 ? 1 : due < (size_t) opt.read_size ? due : (size_t) opt.read_size;
    ssize_t n = recv(c->fd, scratch, ask, 0);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            return;
        }
        conn_failed(c, "read", errno);
    }
    if (recording) {
        w_reads++;
    }
    if (n == 0) {
        conn_failed(c, due ? "the server closed the connection with a request outstanding"
                           : "the server closed the connection", 0);
    }
    if (due == 0 || c->got + (size_t) n > c->wrote) {
        failed("connection %d, request %llu: more reply than request (%zu bytes back of %zu written)", c->index,
               (unsigned long long) c->requests, c->got + (size_t) n, c->wrote);
    }
    if (memcmp(scratch, c->rep + c->got, (size_t) n) != 0) {
        size_t i = 0;
        while (scratch[i] == c->rep[c->got + i]) {
            i++;
        }
        failed("connection %d, request %llu: reply byte %zu of %zu is 0x%02x, expected 0x%02x (sent 0x%02x)",
               c->index, (unsigned long long) c->requests, c->got + i, c->len, scratch[i], c->rep[c->got + i],
               c->req[c->got + i]);
    }
    c->got += (size_t) n;
    if (c->got < c->len) {
        return;
    }
    uint64_t now = now_ns();
    c->req = NULL;
    if (c->state == TOUCHING) {
        c->state = ANSWERED;
        answered++;
        interest(c, EPOLLIN); /* a byte now, before the load, is an error */
        return;
    }
    if (recording) {
        record(now - c->sent_at);
        w_requests++;
        w_bytes += c->len;
        c->window_gen = window_gen;
    }
    c->requests++;
    next_request(c, now);
}

/* ---- stream: write without pause (at most --inflight not back), read and check as it comes ---- */

static void stream_interest(struct conn *c) {
    interest(c, c->sent - c->received < (uint64_t) opt.inflight ? EPOLLIN | EPOLLOUT : EPOLLIN);
}

static void stream_writable(struct conn *c) {
    size_t w_len = (size_t) opt.size;
    while (c->sent - c->received < (uint64_t) opt.inflight) {
        size_t off = (size_t) (c->sent % w_len);
        ssize_t w = send(c->fd, req_s + off, w_len - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                break;
            }
            conn_failed(c, "write", errno);
        }
        if (recording) {
            w_writes++;
        }
        c->sent += (uint64_t) w;
        if ((size_t) w < w_len - off) {
            break; /* the send buffer is full: the next write would say EAGAIN */
        }
    }
    stream_interest(c);
}

static void stream_readable(struct conn *c) {
    size_t w_len = (size_t) opt.size;
    for (int round = 0; round < 4; round++) {
        uint64_t due = c->sent - c->received;
        size_t ask = due == 0 ? 1 : due < (uint64_t) opt.read_size ? (size_t) due : (size_t) opt.read_size;
        ssize_t n = recv(c->fd, scratch, ask, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                break;
            }
            conn_failed(c, "read", errno);
        }
        if (recording) {
            w_reads++;
        }
        if (n == 0) {
            conn_failed(c, "the server closed the connection in the middle of the stream", 0);
        }
        if ((uint64_t) n > due) {
            failed("connection %d: more bytes came back than were sent (%llu due, %zd read)", c->index,
                   (unsigned long long) due, n);
        }
        /* Check against the reply stream from c->received on, wrapping round the chunk. */
        size_t from = (size_t) (c->received % w_len), done = 0;
        while (done < (size_t) n) {
            size_t part = w_len - from < (size_t) n - done ? w_len - from : (size_t) n - done;
            if (memcmp(scratch + done, rep_s + from, part) != 0) {
                size_t i = 0;
                while (scratch[done + i] == rep_s[from + i]) {
                    i++;
                }
                failed("connection %d: stream byte %llu is 0x%02x, expected 0x%02x (sent 0x%02x)", c->index,
                       (unsigned long long) (c->received + done + i), scratch[done + i], rep_s[from + i],
                       req_s[from + i]);
            }
            done += part;
            from = 0;
        }
        c->received += (uint64_t) n;
        if (recording) {
            w_bytes += (uint64_t) n;
            c->window_gen = window_gen;
        }
        if ((size_t) n < ask) {
            break; /* the socket had no more: the next read would say EAGAIN */
        }
    }
    stream_interest(c);
}

/* ---- connecting ---- */

static struct sockaddr_in server;

static void start_load(struct conn *c, uint64_t now) {
    c->state = LOADED;
    if (opt.mode == PINGPONG) {
        next_request(c, now);
    } else {
        stream_interest(c);
    }
}

static void opened(struct conn *c, uint64_t now) {
    c->state = TOUCHING;
    send_message(c, touch_req, touch_rep, TOUCH_BYTES, now);
}

static void open_more(uint64_t now) {
    while (connecting < MAX_CONNECTING && next_to_open < opt.connections) {
        struct conn *c = &conns[next_to_open++];
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->fd < 0) {
            failed("connection %d: socket: %s", c->index, strerror(errno));
        }
        if (setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &opt.nodelay, sizeof opt.nodelay) < 0) {
            failed("TCP_NODELAY: %s", strerror(errno));
        }
        /* Buffer sizes before connect, so that the window scale is chosen for them. */
        if (opt.sndbuf > 0 && setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &opt.sndbuf, sizeof opt.sndbuf) < 0) {
            failed("SO_SNDBUF %d: %s", opt.sndbuf, strerror(errno));
        }
        if (opt.rcvbuf > 0 && setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &opt.rcvbuf, sizeof opt.rcvbuf) < 0) {
            failed("SO_RCVBUF %d: %s", opt.rcvbuf, strerror(errno));
        }
        c->state = CONNECTING;
        int r = connect(c->fd, (struct sockaddr *) &server, sizeof server);
        struct epoll_event e = {.events = r == 0 ? EPOLLIN : EPOLLOUT, .data.ptr = c};
        if (r < 0 && errno != EINPROGRESS) {
            conn_failed(c, "connect", errno);
        }
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &e) < 0) {
            failed("connection %d: epoll_ctl: %s", c->index, strerror(errno));
        }
        c->events = e.events;
        if (r == 0) {
            resolved++;
            opened(c, now);
        } else {
            connecting++;
        }
    }
}

static void on_event(struct conn *c, uint32_t ev) {
    if (c->state == CONNECTING) {
        int err = socket_error(c->fd);
        if (err) {
            conn_failed(c, "connect", err);
        }
        if (!(ev & EPOLLOUT)) {
            return;
        }
        connecting--;
        resolved++;
        opened(c, now_ns());
        return;
    }
    if ((ev & (EPOLLERR | EPOLLHUP)) && !(ev & EPOLLIN)) {
        int err = socket_error(c->fd);
        conn_failed(c, err ? "socket error" : "hang-up", err);
    }
    if (c->state == LOADED && opt.mode == STREAM) {
        if (ev & EPOLLOUT) {
            stream_writable(c);
        }
        if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
            stream_readable(c);
        }
        return;
    }
    if ((ev & EPOLLOUT) && c->req != NULL && c->wrote < c->len) {
        message_writable(c);
    }
    if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        message_readable(c);
    }
}

/* ---- the command line ---- */

static void usage(FILE *f) {
    fprintf(f,
            "usage: loadgen --port PORT [--host 127.0.0.1] [--mode pingpong|stream] [--connections N]\n"
            "               [--size BYTES] [--warmup-s S] [--seconds S] [--cpu K] [--nodelay 0|1]\n"
            "               [--sndbuf BYTES] [--rcvbuf BYTES] [--inflight BYTES] [--read-size BYTES] [--seed N]\n"
            "  --mode         pingpong (default): one message in flight per connection; stream: write\n"
            "                 without pause, read and check the replies at the same time\n"
            "  --connections  1 to %d (default 1)\n"
            "  --size         ping-pong: bytes per message (default 64, at most 1 MiB);\n"
            "                 stream: bytes per write (default 65536, at most 16 MiB)\n"
            "  --warmup-s     unmeasured load before the window (default 2, 0 to 600)\n"
            "  --seconds      the measured window (default 5, 0.1 to 600)\n"
            "  --cpu          pin this process to CPU K (sched_setaffinity); default: not pinned\n"
            "  --nodelay      TCP_NODELAY on each connection (default 1, as the Java load generator)\n"
            "  --sndbuf, --rcvbuf  SO_SNDBUF / SO_RCVBUF before connect; 0 (default): the kernel's, autotuned\n"
            "  --inflight     stream: bytes sent and not yet back, at most (default 4194304)\n"
            "  --read-size    bytes asked of each read (default 65536, as the Java load generator)\n"
            "  --seed         of the payloads (default 42)\n"
            "  --server-pid   read that process's CPU (/proc/PID/stat) at the window's ends: server_cpu_s\n"
            "Prints one line of key=value pairs and exits 0; a wrong byte or a failed connection: one\n"
            "line on stderr, exit 1; a bad flag: this text, exit 2.\n",
            MAX_CONNECTIONS);
}

static void bad(const char *flag, const char *value, const char *why) {
    fprintf(stderr, "loadgen: %s '%s': %s\n", flag, value, why);
    usage(stderr);
    exit(2);
}

static long long parse_int(const char *flag, const char *v, long long lo, long long hi) {
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *end != '\0' || x < lo || x > hi) {
        char why[96];
        snprintf(why, sizeof why, "a whole number from %lld to %lld", lo, hi);
        bad(flag, v, why);
    }
    return x;
}

static double parse_double(const char *flag, const char *v, double lo, double hi) {
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end != '\0' || !(x >= lo && x <= hi)) {
        char why[96];
        snprintf(why, sizeof why, "a number from %g to %g", lo, hi);
        bad(flag, v, why);
    }
    return x;
}

static void parse(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        if (strcmp(f, "--help") == 0 || strcmp(f, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 >= argc) {
            bad(f, "", strncmp(f, "--", 2) == 0 ? "needs a value" : "not a flag");
        }
        const char *v = argv[++i];
        if (strcmp(f, "--host") == 0) {
            opt.host = v;
        } else if (strcmp(f, "--port") == 0) {
            opt.port = (int) parse_int(f, v, 1, 65535);
        } else if (strcmp(f, "--mode") == 0) {
            if (strcmp(v, "pingpong") == 0) {
                opt.mode = PINGPONG;
            } else if (strcmp(v, "stream") == 0) {
                opt.mode = STREAM;
            } else {
                bad(f, v, "pingpong or stream");
            }
        } else if (strcmp(f, "--connections") == 0) {
            opt.connections = (int) parse_int(f, v, 1, MAX_CONNECTIONS);
        } else if (strcmp(f, "--size") == 0) {
            opt.size = (long) parse_int(f, v, 1, 16L << 20);
        } else if (strcmp(f, "--warmup-s") == 0) {
            opt.warmup_s = parse_double(f, v, 0, 600);
        } else if (strcmp(f, "--seconds") == 0) {
            opt.seconds = parse_double(f, v, 0.1, 600);
        } else if (strcmp(f, "--cpu") == 0) {
            opt.cpu = (int) parse_int(f, v, 0, CPU_SETSIZE - 1);
        } else if (strcmp(f, "--nodelay") == 0) {
            opt.nodelay = (int) parse_int(f, v, 0, 1);
        } else if (strcmp(f, "--sndbuf") == 0) {
            opt.sndbuf = (int) parse_int(f, v, 0, 1 << 30);
        } else if (strcmp(f, "--rcvbuf") == 0) {
            opt.rcvbuf = (int) parse_int(f, v, 0, 1 << 30);
        } else if (strcmp(f, "--inflight") == 0) {
            opt.inflight = (long) parse_int(f, v, 1, 1L << 30);
        } else if (strcmp(f, "--read-size") == 0) {
            opt.read_size = (long) parse_int(f, v, 1, 16L << 20);
        } else if (strcmp(f, "--server-pid") == 0) {
            opt.server_pid = (long) parse_int(f, v, 1, 1L << 22);
        } else if (strcmp(f, "--seed") == 0) {
            opt.seed = (unsigned long) parse_int(f, v, 1, 1LL << 62);
        } else {
            bad(f, v, "not a flag");
        }
    }
    if (opt.port == 0) {
        bad("--port", "", "is required");
    }
    if (opt.size < 0) {
        opt.size = opt.mode == PINGPONG ? 64 : 64 * 1024;
    }
    if (opt.mode == PINGPONG && opt.size > (1L << 20)) {
        char v[32];
        snprintf(v, sizeof v, "%ld", opt.size);
        bad("--size", v, "ping-pong messages are at most 1 MiB (1048576)");
    }
    if (inet_pton(AF_INET, opt.host, &server.sin_addr) != 1) {
        bad("--host", opt.host, "an IPv4 address, such as 127.0.0.1");
    }
    server.sin_family = AF_INET;
    server.sin_port = htons((uint16_t) opt.port);
}

/* ---- the run ---- */

static int buf_opt(int fd, int name) {
    int v = 0;
    socklen_t len = sizeof v;
    getsockopt(fd, SOL_SOCKET, name, &v, &len);
    return v;
}

int main(int argc, char **argv) {
    parse(argc, argv);
    signal(SIGPIPE, SIG_IGN);

    if (opt.cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(opt.cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) < 0) {
            failed("cannot pin to CPU %d: %s", opt.cpu, strerror(errno));
        }
    }

    /* Descriptors: one per connection and a few more. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t) opt.connections + 16) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > (rlim_t) opt.connections + 16
                      ? (rlim_t) opt.connections + 16 : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        if (rl.rlim_cur < (rlim_t) opt.connections + 16) {
            failed("%d connections need %d descriptors; ulimit -n allows %llu", opt.connections,
                   opt.connections + 16, (unsigned long long) rl.rlim_cur);
        }
    }

    rng_state = opt.seed * 0x9E3779B97F4A7C15ULL | 1;
    if (opt.mode == PINGPONG) {
        for (int k = 0; k < PAYLOADS; k++) {
            make_payload(&req_p[k], &rep_p[k], (size_t) opt.size);
        }
    } else {
        make_payload(&req_s, &rep_s, (size_t) opt.size);
    }
    make_payload(&touch_req, &touch_rep, TOUCH_BYTES);
    scratch = malloc((size_t) opt.read_size);
    conns = calloc((size_t) opt.connections, sizeof *conns);
    if (scratch == NULL || conns == NULL) {
        failed("out of memory");
    }
    for (int i = 0; i < opt.connections; i++) {
        conns[i].index = i;
        conns[i].fd = -1;
        conns[i].state = IDLE;
        conns[i].window_gen = -1;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) {
        failed("epoll_create1: %s", strerror(errno));
    }

    /* Bounded: the connect phase has its deadline, the rest its length; the alarm is the backstop. */
    double ready_s = 10.0 + opt.connections / 500.0;
    signal(SIGALRM, on_alarm);
    alarm((unsigned) (ready_s + opt.warmup_s + opt.seconds + 15));

    struct epoll_event events[MAX_EVENTS];
    uint64_t t_start = now_ns();
    uint64_t ready_deadline = t_start + (uint64_t) (ready_s * 1e9);

    /* 1. Open every connection and have each answered once. */
    while (answered < opt.connections) {
        uint64_t now = now_ns();
        if (now > ready_deadline) {
            failed("after %.0f s, %d of %d connections were open and %d answered once", ready_s, resolved,
                   opt.connections, answered);
        }
        open_more(now);
        int n = epoll_wait(epfd, events, MAX_EVENTS, 100);
        if (n < 0 && errno != EINTR) {
            failed("epoll_wait: %s", strerror(errno));
        }
        for (int i = 0; i < n; i++) {
            on_event(events[i].data.ptr, events[i].events);
        }
    }
    double connect_s = (double) (now_ns() - t_start) / 1e9;

    /* 2. Go: the load starts on every connection at once. */
    uint64_t go = now_ns();
    for (int i = 0; i < opt.connections; i++) {
        start_load(&conns[i], go);
    }
    uint64_t window_start = go + (uint64_t) (opt.warmup_s * 1e9);
    uint64_t window_end = window_start + (uint64_t) (opt.seconds * 1e9);
    struct rusage ru0 = {0}, ru1;
    uint64_t t0 = 0, t1;
    double server0 = -1, server1 = -1;

    /* 3. Warm-up, then the window. */
    for (;;) {
        uint64_t now = now_ns();
        if (!recording && now >= window_start) {
            if (opt.server_pid) {
                server0 = proc_cpu_seconds(opt.server_pid);
            }
            getrusage(RUSAGE_SELF, &ru0);
            t0 = now_ns();
            recording = 1;
            window_gen = 1;
        }
        if (recording && now >= window_end) {
            break;
        }
        uint64_t next = recording ? window_end : window_start;
        int timeout_ms = (int) ((next - now) / 1000000) + 1;
        int n = epoll_wait(epfd, events, MAX_EVENTS, timeout_ms > 100 ? 100 : timeout_ms);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            failed("epoll_wait: %s", strerror(errno));
        }
        if (recording) {
            w_waits++;
            w_events += (uint64_t) n;
        }
        for (int i = 0; i < n; i++) {
            on_event(events[i].data.ptr, events[i].events);
        }
    }
    t1 = now_ns();
    getrusage(RUSAGE_SELF, &ru1);
    if (opt.server_pid) {
        server1 = proc_cpu_seconds(opt.server_pid);
    }
    recording = 0;

    /* Starved: connections with nothing completed in the whole window. A ping-pong request waiting
     * since before the window counts its age so far in the latency, as a lower bound. */
    int starved = 0;
    for (int i = 0; i < opt.connections; i++) {
        struct conn *c = &conns[i];
        if (c->window_gen != window_gen) {
            starved++;
            if (opt.mode == PINGPONG && c->req != NULL && c->sent_at < window_start) {
                record(t1 - c->sent_at);
            }
        }
    }
    int sndbuf = buf_opt(conns[0].fd, SO_SNDBUF), rcvbuf = buf_opt(conns[0].fd, SO_RCVBUF);
    for (int i = 0; i < opt.connections; i++) {
        close(conns[i].fd);
    }

    double wall = (double) (t1 - t0) / 1e9;
    double user = cpu_seconds(&ru1, 0) - cpu_seconds(&ru0, 0);
    double sys = cpu_seconds(&ru1, 1) - cpu_seconds(&ru0, 1);
    long vcsw = ru1.ru_nvcsw - ru0.ru_nvcsw, ivcsw = ru1.ru_nivcsw - ru0.ru_nivcsw;
    printf("mode=%s connections=%d size=%ld warmup_s=%g seconds=%.3f connect_s=%.3f", opt.mode == PINGPONG ? "pingpong"
           : "stream", opt.connections, opt.size, opt.warmup_s, wall, connect_s);
    if (opt.mode == PINGPONG) {
        printf(" requests=%llu ops_per_s=%.0f mb_per_s=%.1f p50_us=%.1f p99_us=%.1f p999_us=%.1f",
               (unsigned long long) w_requests, (double) w_requests / wall, (double) w_bytes / wall / 1e6,
               percentile_us(50), percentile_us(99), percentile_us(99.9));
    } else {
        printf(" bytes=%llu mb_per_s=%.1f p50_us=-1 p99_us=-1", (unsigned long long) w_bytes,
               (double) w_bytes / wall / 1e6);
    }
    printf(" errors=0 starved=%d cpu_user_s=%.3f cpu_sys_s=%.3f cpu_s=%.3f cpu_util=%.3f", starved, user, sys,
           user + sys, (user + sys) / wall);
    if (opt.server_pid) {
        double sc = server0 >= 0 && server1 >= 0 ? server1 - server0 : -1;
        printf(" server_cpu_s=%.2f server_cpu_util=%.3f", sc, sc >= 0 ? sc / wall : -1.0);
    }
    printf(" waits=%llu events_per_wait=%.2f reads=%llu writes=%llu vcsw=%ld ivcsw=%ld",
           (unsigned long long) w_waits, w_waits ? (double) w_events / (double) w_waits : 0.0,
           (unsigned long long) w_reads, (unsigned long long) w_writes, vcsw, ivcsw);
    printf(" cpu=%d nodelay=%d sndbuf=%d rcvbuf=%d sndbuf_now=%d rcvbuf_now=%d read_size=%ld", opt.cpu, opt.nodelay,
           opt.sndbuf, opt.rcvbuf, sndbuf, rcvbuf, opt.read_size);
    if (opt.mode == STREAM) {
        printf(" inflight=%ld", opt.inflight);
    }
    printf("\n");
    return 0;
}
