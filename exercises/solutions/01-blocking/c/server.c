/*
 * Solution 01, 二、阻塞IO (blocking IO), in C. For teachers.
 *
 * One thread accepts a client and serves only that client until it leaves; then it accepts the next.
 * Every call blocks in both phases of 一、IO模型介绍: waiting for the data, and copying it.
 *
 * What it adds to the note's loop: it leaves at read()'s 0 (the client has finished), writes all of
 * each reply, and a reset ends that connection only. The checker fails it on held-1000,
 * idle-client-blocks-others and slow-reader-blocks-others: one client at a time is the model
 * ("在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求").
 * POSIX only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
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

#define DEFAULT_PORT 8080 /* the note's 二 */

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

static void serve(int listener)
{
    for (;;) {
        int conn = accept(listener, NULL, NULL); /* blocks until a client has connected */

        if (conn < 0)
            continue;
        serve_client(conn); /* nobody else is served until this client leaves */
        close(conn);
    }
}

int main(int argc, char **argv)
{
    int port = port_from_args(argc, argv);

    signal(SIGPIPE, SIG_IGN); /* writing to a client that reset fails with EPIPE, not the server */
    name_thread("01-blocking"); /* the loop's thread, as ps -L shows it */
    serve(listen_on(port));
    return 0;
}
