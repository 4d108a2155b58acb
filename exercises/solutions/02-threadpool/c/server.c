/*
 * Solution 02, 二、一个简单的解决方案 (a thread per connection) and 改进方案 (a pool), in C.
 * For teachers.
 *
 * The accepting thread hands each client to a thread of its own, which serves it with exercise 01's
 * blocking loop, so no client waits for another: every case passes. With a second argument,
 * ./server 8082 8, a fixed pool of 8 threads serves instead, each accepting in turn and serving one
 * client at a time (the other clients wait in the listen backlog), and held-1000 fails with "8 of
 * 1000": 所谓“池”始终有其上限. POSIX threads (make links with -pthread).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h> /* prctl(PR_SET_NAME): name_thread() */
#endif

#define DEFAULT_PORT 8082 /* the chapter's port */

/* The protocol: ASCII a-z become A-Z, every other byte stays (Python's bytes.upper()). */
static inline void upper(char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (buf[i] >= 'a' && buf[i] <= 'z')
            buf[i] -= 'a' - 'A';
}

#define USAGE "usage: ./server [PORT [POOL]]   (default %d; 0 picks a free port; POOL: a fixed pool)\n"

/* ./server [PORT [POOL]]: the port to listen on (0 picks a free one), and the size of a fixed pool. */
static int port_from_args(int argc, char **argv, long *pool)
{
    char *end = "", *pend = "";
    long port = argc > 1 ? strtol(argv[1], &end, 10) : DEFAULT_PORT;

    *pool = argc > 2 ? strtol(argv[2], &pend, 10) : 0;
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        printf(USAGE, DEFAULT_PORT);
        exit(0);
    }
    if (argc > 3 || (argc > 1 && (*argv[1] == '\0' || *end != '\0')) || port < 0 || port > 65535
        || (argc > 2 && (*argv[2] == '\0' || *pend != '\0' || *pool < 1 || *pool > 10000))) {
        fprintf(stderr, USAGE, DEFAULT_PORT);
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

/* A connection that failed: a reset is a normal ending, anything else is said. Returns false. */
static bool ended(const char *call)
{
    if (errno != ECONNRESET && errno != EPIPE)
        fprintf(stderr, "connection ended: %s: %s\n", call, strerror(errno));
    return false;
}
/* Writes all n bytes: a write() may take only part of them. False if the connection failed. */
static bool write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n); /* blocks until the kernel has room for some */

        if (w < 0)
            return ended("write");
        buf += w;
        n -= (size_t) w;
    }
    return true;
}

/* Serves one client until it has finished sending, or has failed. */
static void serve_client(int conn)
{
    char buf[65536];

    for (;;) {
        ssize_t n = read(conn, buf, sizeof buf); /* phases 1 and 2: waits for bytes, copies them */

        if (n == 0)
            return; /* end of stream: the client has finished, and every reply is sent */
        if (n < 0) {
            ended("read");
            return;
        }
        upper(buf, (size_t) n);
        if (!write_all(conn, buf, (size_t) n))
            return;
    }
}

/* A client's thread: exercise 01's loop, then the thread ends (it is detached: nobody joins it). */
static void *client_thread(void *arg)
{
    int conn = (int) (intptr_t) arg;

    name_thread("02-worker"); /* this client's thread, as ps -L shows it */
    serve_client(conn);
    close(conn);
    return NULL;
}

/* 改进方案: one of the pool's threads; each accepts in turn and serves one client at a time. */
static void *pool_thread(void *arg)
{
    int listener = (int) (intptr_t) arg;

    name_thread("02-worker"); /* a thread of the pool, as ps -L shows it */
    for (;;) {
        int conn = accept(listener, NULL, NULL);

        if (conn < 0)
            continue;
        serve_client(conn);
        close(conn);
    }
    return NULL;
}

static void serve(int listener, long pool)
{
    pthread_attr_t detached;
    pthread_t thread;
    int err;

    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    if (pool > 0) {
        for (long i = 1; i < pool; i++)
            if ((err = pthread_create(&thread, &detached, pool_thread, (void *) (intptr_t) listener)))
                fprintf(stderr, "cannot start a pool thread: %s\n", strerror(err));
        pool_thread((void *) (intptr_t) listener); /* this thread is one of the pool */
    }
    for (;;) {
        int conn = accept(listener, NULL, NULL); /* blocks until a client has connected */

        if (conn < 0)
            continue;
        if ((err = pthread_create(&thread, &detached, client_thread, (void *) (intptr_t) conn))) {
            fprintf(stderr, "cannot start a thread for a client: %s\n", strerror(err));
            close(conn); /* this client only */
        }
    }
}

int main(int argc, char **argv)
{
    long pool;
    int port = port_from_args(argc, argv, &pool);

    signal(SIGPIPE, SIG_IGN); /* writing to a client that reset fails with EPIPE, not the server */
    name_thread("02-acceptor"); /* the accepting thread, as ps -L shows it */
    serve(listen_on(port), pool);
    return 0;
}
