/*
 * upper_echo.c: the bench's reference row. The same protocol as every chapter (each byte back,
 * ASCII a-z upper-cased), served the way 06-selectors serves it, in C: one thread, level-triggered
 * epoll, non-blocking sockets, one shared 16 KiB read buffer (the read size of every chapter), and
 * the same backpressure (while a reply is pending the connection is not read, only written). It shows what this machine can do at
 * all; the bench builds it at run time with `gcc -O2` and never keeps the binary.
 *
 *   gcc -O2 -o upper_echo upper_echo.c && ./upper_echo --port 0
 *
 * Prints "listening on HOST:PORT" when ready; SIGTERM or SIGINT closes everything and exits 0.
 *
 * --edge registers the connections edge-triggered (EPOLLET) instead: epoll reports a connection once
 * per arrival of new data, not on every wait while data is left, so each event is read until read()
 * fails with EAGAIN (epoll(7)), or until a reply is pending. The listening socket stays
 * level-triggered (accept_all accepts until EAGAIN either way). For the lesson on what that loop is
 * for, -DEDGE_READS_ONCE builds the bug it prevents: one read per event, as the level-triggered code
 * does, so the rest of a large request stays in the kernel and is never reported again
 * (bench's EdgeTriggeredTest, docs/faq.md question 1).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_BYTES (16 * 1024) /* by default the event-loop chapters' read size (Connection.READ_BYTES) */
#define MAX_READ_KIB 1024       /* as the chapters' --read-kib (ReadSize.MAX_KIB) */
#define MAX_EVENTS 512

struct conn {
    char *pending;  /* reply bytes the kernel did not take yet */
    size_t len;     /* of pending */
    size_t off;     /* of pending, already written */
};

static struct conn *conns;
static int max_fds;
static int epfd;
static volatile sig_atomic_t stopping;
static uint32_t edge; /* EPOLLET with --edge, else 0: level-triggered */
static unsigned char *buf;      /* the one read buffer: --read-kib KiB */
static size_t read_bytes = READ_BYTES;

static void on_signal(int sig) {
    (void) sig;
    stopping = 1;
}

/* Eight bytes at once, no per-byte branch: the 0x20 bit of each byte in 'a'..'z' is cleared (SWAR,
 * as common's Protocol.upper8). */
static inline uint64_t upper8(uint64_t x) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, high = 0x8080808080808080ULL;
    uint64_t low = x & low7;
    uint64_t at_least_a = low + 0x1F1F1F1F1F1F1F1FULL; /* 0x80 - 'a' */
    uint64_t past_z = low + 0x0505050505050505ULL;     /* 0x80 - ('z' + 1) */
    uint64_t lower = at_least_a & ~past_z & ~x & high;
    return x ^ (lower >> 2);
}

static void upper(unsigned char *p, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        x = upper8(x);
        memcpy(p + i, &x, 8);
    }
    for (; i < n; i++) {
        if (p[i] >= 'a' && p[i] <= 'z') {
            p[i] -= 'a' - 'A';
        }
    }
}

static void set_interest(int fd, uint32_t events) {
    struct epoll_event ev = {.events = events | edge, .data.fd = fd}; /* EPOLL_CTL_MOD reports it again if it is ready now */
    epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
}

static void close_conn(int fd) {
    struct conn *c = &conns[fd];
    free(c->pending);
    memset(c, 0, sizeof *c);
    close(fd); /* also removes it from the epoll set */
}

/* Writes what is pending. Returns 1 when nothing is left, 0 if the kernel took only part, -1 on error. */
static int flush(int fd) {
    struct conn *c = &conns[fd];
    while (c->off < c->len) {
        ssize_t w = write(fd, c->pending + c->off, c->len - c->off);
        if (w < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
        }
        c->off += (size_t) w;
    }
    free(c->pending);
    c->pending = NULL;
    c->len = c->off = 0;
    return 1;
}

static void on_writable(int fd) {
    int done = flush(fd);
    if (done < 0) {
        close_conn(fd);
    } else if (done > 0) {
        set_interest(fd, EPOLLIN); /* read again only now: backpressure */
    }
}

/* One read and its reply. Returns 1 if the connection may be read again now (it is open, its reply
 * was written whole), 0 if not (EAGAIN, closed, or a reply pending). */
static int read_once(int fd) {
    struct conn *c = &conns[fd];
    ssize_t n = read(fd, buf, read_bytes);
    if (n == 0) { /* EOF: nothing is pending, or we would not be reading */
        close_conn(fd);
        return 0;
    }
    if (n < 0) {
        if (errno == EINTR) {
            return 1;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            close_conn(fd); /* reset */
        }
        return 0;
    }
    upper(buf, (size_t) n);
    ssize_t w = write(fd, buf, (size_t) n);
    if (w < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            close_conn(fd);
            return 0;
        }
        w = 0;
    }
    if (w < n) { /* the send buffer is full: keep the rest, stop reading until it is gone */
        c->len = (size_t) (n - w);
        c->off = 0;
        c->pending = malloc(c->len);
        if (c->pending == NULL) {
            close_conn(fd);
            return 0;
        }
        memcpy(c->pending, buf + w, c->len);
        set_interest(fd, EPOLLOUT);
        return 0;
    }
    return 1;
}

static void on_readable(int fd) {
    int again = read_once(fd);
#ifndef EDGE_READS_ONCE
    while (again && edge) { /* edge-triggered: no second report of what is left, so read it all now */
        again = read_once(fd);
    }
#endif
    (void) again;
}

static void accept_all(int lfd) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            return; /* EAGAIN: nobody else waiting; EMFILE: try again on the next event */
        }
        if (fd >= max_fds) {
            close(fd);
            continue;
        }
        struct epoll_event ev = {.events = EPOLLIN | edge, .data.fd = fd};
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            close(fd);
        }
    }
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    int port = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            port = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
            host = argv[++i];
        } else if (strcmp(argv[i], "--edge") == 0) {
            edge = EPOLLET;
        } else if (strcmp(argv[i], "--read-kib") == 0 && i + 1 < argc) {
            char *end;
            long kib = strtol(argv[++i], &end, 10);
            if (*end != '\0' || kib < 1 || kib > MAX_READ_KIB) {
                fprintf(stderr, "c-epoll: --read-kib '%s' is not a read size from 1 to %d KiB\n", argv[i], MAX_READ_KIB);
                return 2;
            }
            read_bytes = (size_t) kib * 1024;
        } else {
            fprintf(stderr, "usage: %s [--host ADDRESS] [--port PORT] [--read-kib KIB] [--edge]\n", argv[0]);
            return 2;
        }
    }
    buf = malloc(read_bytes);
    if (buf == NULL) {
        fprintf(stderr, "c-epoll: no memory for a %zu-byte read buffer\n", read_bytes);
        return 1;
    }

    struct rlimit rl;
    max_fds = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (int) rl.rlim_cur : 65536;
    conns = calloc((size_t) max_fds, sizeof *conns);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: epoll_wait returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        fprintf(stderr, "c-epoll: bad address %s\n", host);
        return 2;
    }
    if (bind(lfd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
        fprintf(stderr, "c-epoll: cannot listen on %s:%d: %s\n", host, port, strerror(errno));
        return 1;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *) &addr, &alen);

    epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev);

    printf("c-epoll: the reference: one thread, %s epoll, non-blocking sockets\n",
           edge ? "edge-triggered" : "level-triggered");
    printf("listening on %s:%d\n", host, ntohs(addr.sin_port));
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    while (!stopping) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, -1); /* phase 1: wait for any socket */
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("c-epoll: epoll_wait");
            break;
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                accept_all(lfd);
            } else if (conns[fd].pending != NULL) {
                on_writable(fd);
            } else {
                on_readable(fd);
            }
        }
    }

    for (int fd = 0; fd < max_fds; fd++) {
        if (fd != lfd && fd != epfd && conns[fd].pending != NULL) {
            close_conn(fd);
        }
    }
    /* Every other connection is closed by exit. */
    close(lfd);
    printf("c-epoll stopped\n");
    return 0;
}
