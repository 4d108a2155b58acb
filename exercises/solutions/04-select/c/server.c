/*
 * Solution 04, 四、多路复用IO (IO multiplexing), in C: poll(2). For teachers.
 *
 * One thread blocks in one call that watches every socket at once (phase 1 for all of them), and
 * then accepts, reads and writes only the sockets it said are ready (phase 2). The call is poll(2),
 * the note's select with a list instead of bit sets: the same model (the kernel scans the whole list
 * on every call), without select(2)'s limit of descriptors below 1024 (FD_SETSIZE). A reply the
 * socket did not take all of is kept; that socket then waits for POLLOUT instead of POLLIN, so it is
 * not read meanwhile (backpressure). The dispatch is the note's if/else: the listener, or a
 * connection. Every case passes. POSIX only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h> /* prctl(PR_SET_NAME): name_thread() */
#endif

#define DEFAULT_PORT 8081 /* the note's 四 */

/* The protocol: ASCII a-z become A-Z, every other byte stays (Python's bytes.upper()). */
static inline void upper(char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (buf[i] >= 'a' && buf[i] <= 'z')
            buf[i] -= 'a' - 'A';
}

/* ./server [PORT]: the port to listen on (0 picks a free one). */
static int port_from_args(int argc, char **argv)
{
    char *end = "";
    long port = argc > 1 ? strtol(argv[1], &end, 10) : DEFAULT_PORT;

    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        printf("usage: ./server [PORT]   (default %d; 0 picks a free port)\n", DEFAULT_PORT);
        exit(0);
    }
    if (argc > 2 || (argc > 1 && (*argv[1] == '\0' || *end != '\0')) || port < 0 || port > 65535) {
        fprintf(stderr, "usage: ./server [PORT]   (default %d; 0 picks a free port)\n", DEFAULT_PORT);
        exit(2);
    }
    return (int) port;
}

/* The listening socket on 127.0.0.1:PORT, and the line that says so. */
static int listen_on(int port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0
        || listen(fd, 1024) < 0 /* room for the checker's 100 clients at once */
        || getsockname(fd, (struct sockaddr *) &addr, &len) < 0) {
        fprintf(stderr, "cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
        exit(1);
    }
    printf("listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    return fd;
}

/* Names the calling thread as ps -L and top -H show it (Linux: prctl(PR_SET_NAME), 15 bytes at
 * most; elsewhere nothing). The main thread's name is the process's name too. */
static void name_thread(const char *name)
{
#ifdef __linux__
    prctl(PR_SET_NAME, name, 0, 0, 0);
#else
    (void) name;
#endif
}

/* Makes a socket non-blocking: a call that would wait fails with EAGAIN instead. */
static inline int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* A connection that failed: a reset is a normal ending, anything else is said. Returns false. */
static bool ended(const char *call)
{
    if (errno != ECONNRESET && errno != EPIPE)
        fprintf(stderr, "connection ended: %s: %s\n", call, strerror(errno));
    return false;
}

/* A connection, and the reply bytes its socket has not taken yet. */
struct conn {
    int fd;
    char *rest;      /* malloc'd; NULL when every reply has gone */
    size_t off, len; /* rest[off..len) is still to send */
};

static char buf[65536]; /* what a read() copies in (phase 2), for one connection at a time */

/* The call found nothing to do: EAGAIN (the note's BlockingIOError). */
static bool again(void)
{
    return errno == EAGAIN || errno == EWOULDBLOCK;
}

/* Sends what the socket takes of the kept reply. False if the connection failed. */
static bool send_rest(struct conn *c)
{
    ssize_t n = write(c->fd, c->rest + c->off, c->len - c->off);

    if (n < 0)
        return again() || ended("write"); /* EAGAIN: no room yet */
    c->off += (size_t) n;
    if (c->off == c->len) { /* all gone: the connection may be read again */
        free(c->rest);
        c->rest = NULL;
    }
    return true;
}

/* Reads what has come, sends it back, keeps what the socket did not take. False when it has ended. */
static bool receive(struct conn *c)
{
    ssize_t n = read(c->fd, buf, sizeof buf), sent;

    if (n == 0)
        return false; /* end of stream: the client has finished, and nothing is kept for it */
    if (n < 0)
        return again() || ended("read"); /* EAGAIN: nothing has come yet */
    upper(buf, (size_t) n);
    sent = write(c->fd, buf, (size_t) n);
    if (sent < 0 && !again())
        return ended("write");
    if (sent < 0)
        sent = 0; /* no room at all: keep all of it */
    if (sent == n)
        return true;
    c->len = (size_t) (n - sent);
    c->off = 0;
    if (!(c->rest = malloc(c->len))) {
        fprintf(stderr, "out of memory for a reply\n");
        return false;
    }
    memcpy(c->rest, buf + sent, c->len);
    return true;
}

/* watched[0] is the listener, watched[i + 1] is conns[i]: the note's read_l, and what each waits for. */
static struct pollfd *watched;
static struct conn *conns;
static size_t nconns, room;

/* Accepts everyone waiting, each watched from the next poll on. */
static void accept_all(int listener)
{
    int fd;

    while ((fd = accept(listener, NULL, NULL)) >= 0) {
        if (nconns == room) {
            room = room ? 2 * room : 64;
            watched = realloc(watched, (room + 1) * sizeof *watched);
            conns = realloc(conns, room * sizeof *conns);
            if (!watched || !conns) {
                fprintf(stderr, "out of memory for a connection\n");
                exit(1);
            }
        }
        set_nonblocking(fd); /* accept() gives a blocking socket on Linux */
        conns[nconns] = (struct conn) {.fd = fd};
        watched[++nconns] = (struct pollfd) {.fd = fd};
    }
}

static void serve(int listener)
{
    set_nonblocking(listener); /* the note's s.setblocking(False) */
    if (!(watched = malloc(sizeof *watched)))
        exit(1);
    watched[0] = (struct pollfd) {.fd = listener, .events = POLLIN}; /* the note's read_l=[s,] */
    for (;;) {
        size_t polled = nconns, left = 0;

        for (size_t i = 0; i < nconns; i++) /* a kept reply waits for room; otherwise, for data */
            watched[i + 1].events = conns[i].rest ? POLLOUT : POLLIN;
        if (poll(watched, nconns + 1, -1) < 0) { /* phase 1, for every socket at once */
            if (errno == EINTR)
                continue;
            perror("poll");
            exit(1);
        }
        if (watched[0].revents) /* the note's if ready_obj == s */
            accept_all(listener);
        for (size_t i = 0; i < polled; i++) { /* else: a connection (POLLERR, POLLHUP: the call says) */
            struct conn *c = &conns[i];

            if (!watched[i + 1].revents || (c->rest ? send_rest(c) : receive(c)))
                continue;
            close(c->fd); /* it ended */
            free(c->rest);
            c->fd = watched[i + 1].fd = -1;
        }
        for (size_t i = 0; i < nconns; i++) /* drop the ended ones, keeping the order */
            if (conns[i].fd >= 0) {
                conns[left] = conns[i];
                watched[++left] = watched[i + 1];
            }
        nconns = left;
    }
}

int main(int argc, char **argv)
{
    int port = port_from_args(argc, argv);

    signal(SIGPIPE, SIG_IGN); /* writing to a client that reset fails with EPIPE, not the server */
    name_thread("04-select"); /* the loop's thread, as ps -L shows it */
    serve(listen_on(port));
    return 0;
}
