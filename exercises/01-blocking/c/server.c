/*
 * Exercise 01, 二、阻塞IO (blocking IO), in C.
 *
 * One thread accepts a client and serves only that client until it leaves; then it accepts the next.
 * Every call blocks in both phases of 一、IO模型介绍: waiting for the data, and copying it.
 *
 * Everything but the model is given: the port, the listening socket, upper(), name_thread(). Write
 * serve(). Until then this server accepts each client and closes it at once, so the checker fails
 * every case:
 *
 *     01-blocking/run.sh c       (from exercises/, or a handout's top folder: build, start, check, stop)
 *
 * A correct solution still fails held-1000, idle-client-blocks-others and slow-reader-blocks-others:
 * serving one client at a time is this model, not a bug (../worksheet.md says why). POSIX only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
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

static void serve(int listener)
{
    for (;;) {
        int conn = accept(listener, NULL, NULL); /* blocks until a client has connected */

        if (conn < 0)
            continue;
        /* TODO 二、阻塞IO: serve this client until it has finished, then close it and accept the next.
         *  - Every byte it sends comes back upper(), in order; nothing is lost.
         *  - Its end of stream ends the connection; so does a reset, and the server goes on.
         * GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
         *  - read() blocks in both phases: until bytes have come (phase 1), and while it copies
         *    them (phase 2).
         *  - write() may take only part of what it is given: write the rest until none is left.
         *  - read() returning 0 means the client has finished sending; -1 is an error.
         *  - A client that resets fails read() with ECONNRESET or write() with EPIPE: close that
         *    connection and accept the next.
         * END GUIDE
         */
        close(conn); /* placeholder: remove it when the loop is written */
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
