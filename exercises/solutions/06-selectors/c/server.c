/*
 * Solution 06, 七、selectors模块, in C: epoll(7), what selectors.DefaultSelector picks on Linux.
 * For teachers.
 *
 * The kernel keeps the list of watched sockets (epoll_ctl), and epoll_wait hands back only the ready
 * ones. Each watched socket carries its callback: the listener's accept, a connection's read, and,
 * while a reply is not all sent, its write. The loop does nothing but call back, as the note's does.
 * A reply the socket did not take all of is kept and sent when the socket can take more (EPOLLOUT),
 * the connection not read meanwhile, where the note's send() "hopes it won't block".
 * Every case passes. Linux only (epoll).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h> /* prctl(PR_SET_NAME): name_thread() */
#endif

#define DEFAULT_PORT 8088 /* the note's 七 */

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

/* A watched socket and its callback: the note's sel_obj.fileobj and sel_obj.data. */
struct watched {
    int fd;
    void (*callback)(struct watched *w);
};

/* A connection, and the reply bytes its socket has not taken yet. */
struct conn {
    struct watched w; /* first: a struct watched * of a connection is its struct conn * */
    char *rest;       /* malloc'd; NULL when every reply has gone */
    size_t off, len;  /* rest[off..len) is still to send */
};

static int ep;          /* the note's sel = selectors.DefaultSelector() */
static char buf[65536]; /* what a read() copies in (phase 2), for one connection at a time */

static void on_read(struct watched *w);
static void on_write(struct watched *w);

/* The call found nothing to do: EAGAIN (the note's BlockingIOError). */
static bool again(void)
{
    return errno == EAGAIN || errno == EWOULDBLOCK;
}

/* The note's sel.register (EPOLL_CTL_ADD) and sel.modify (EPOLL_CTL_MOD). */
static void watch(struct watched *w, int op, uint32_t events, void (*callback)(struct watched *))
{
    struct epoll_event ev = {.events = events, .data.ptr = w};

    w->callback = callback;
    if (epoll_ctl(ep, op, w->fd, &ev) < 0) {
        perror("epoll_ctl");
        exit(1);
    }
}

/* Closes a connection (which also unwatches it). A reset is a normal ending, anything else is said. */
static void end(struct conn *c, const char *failed_call)
{
    if (failed_call && errno != ECONNRESET && errno != EPIPE)
        fprintf(stderr, "connection ended: %s: %s\n", failed_call, strerror(errno));
    close(c->w.fd);
    free(c->rest);
    free(c);
}

/* The listener's callback: accepts everyone waiting, each watched with its read callback. */
static void on_accept(struct watched *listener)
{
    int fd;

    while ((fd = accept(listener->fd, NULL, NULL)) >= 0) {
        struct conn *c = calloc(1, sizeof *c);

        if (!c) {
            fprintf(stderr, "out of memory for a connection\n");
            close(fd);
            continue;
        }
        c->w.fd = fd;
        set_nonblocking(fd); /* accept() gives a blocking socket on Linux */
        watch(&c->w, EPOLL_CTL_ADD, EPOLLIN, on_read);
    }
}

/* A connection's callback while nothing is kept for it: read, send back, keep what is not taken. */
static void on_read(struct watched *w)
{
    struct conn *c = (struct conn *) w;
    ssize_t n = read(w->fd, buf, sizeof buf), sent;

    if (n == 0 || (n < 0 && !again())) {
        end(c, n ? "read" : NULL); /* 0: the client has finished, and nothing is kept for it */
        return;
    }
    if (n < 0)
        return;
    upper(buf, (size_t) n);
    sent = write(w->fd, buf, (size_t) n);
    if (sent < 0 && !again()) {
        end(c, "write");
        return;
    }
    if (sent < 0)
        sent = 0; /* no room at all: keep all of it */
    if (sent == n)
        return;
    c->len = (size_t) (n - sent);
    c->off = 0;
    if (!(c->rest = malloc(c->len))) {
        fprintf(stderr, "out of memory for a reply\n");
        end(c, NULL);
        return;
    }
    memcpy(c->rest, buf + sent, c->len);
    watch(w, EPOLL_CTL_MOD, EPOLLOUT, on_write); /* wait for room, and read no more meanwhile */
}

/* A connection's callback while its socket has not taken all of a reply: send the rest. */
static void on_write(struct watched *w)
{
    struct conn *c = (struct conn *) w;
    ssize_t n = write(w->fd, c->rest + c->off, c->len - c->off);

    if (n < 0) {
        if (!again())
            end(c, "write");
        return;
    }
    c->off += (size_t) n;
    if (c->off < c->len)
        return;
    free(c->rest); /* all gone: read again */
    c->rest = NULL;
    watch(w, EPOLL_CTL_MOD, EPOLLIN, on_read);
}

static void serve(int listener)
{
    static struct watched server;
    struct epoll_event ready[64];

    if ((ep = epoll_create1(0)) < 0) {
        perror("epoll_create1");
        exit(1);
    }
    set_nonblocking(listener); /* the note's server_fileobj.setblocking(False) */
    server.fd = listener;
    watch(&server, EPOLL_CTL_ADD, EPOLLIN, on_accept); /* the note's sel.register(server_fileobj, ..., accept) */
    for (;;) {
        int n = epoll_wait(ep, ready, 64, -1); /* phase 1, for every socket at once */

        for (int i = 0; i < n; i++) {
            struct watched *w = ready[i].data.ptr; /* the note's callback=sel_obj.data */

            w->callback(w);
        }
    }
}

int main(int argc, char **argv)
{
    int port = port_from_args(argc, argv);

    signal(SIGPIPE, SIG_IGN); /* writing to a client that reset fails with EPIPE, not the server */
    name_thread("06-selectors"); /* the loop's thread, as ps -L shows it */
    serve(listen_on(port));
    return 0;
}
