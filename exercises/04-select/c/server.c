/*
 * Exercise 04, 四、多路复用IO (IO multiplexing), in C: poll(2).
 *
 * One thread blocks in one call that watches every socket at once (phase 1 for all of them), and
 * then accepts, reads and writes only the sockets it said are ready (phase 2). The call is poll(2),
 * the note's select with a list instead of bit sets: the same model (the kernel scans the whole list
 * on every call), without select(2)'s limit of descriptors below 1024 (FD_SETSIZE).
 *
 * Everything but the model is given: the port, the listening socket, upper(), set_nonblocking(),
 * name_thread(). Write serve(). Until then this server accepts each client and closes it at once,
 * so the checker fails every case:
 *
 *     04-select/run.sh c       (from exercises/, or a handout's top folder: build, start, check, stop)
 *
 * A correct solution passes every case. POSIX only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
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

static void serve(int listener)
{
    struct pollfd watched[1] = {{.fd = listener, .events = POLLIN}}; /* the note's read_l=[s,] */

    set_nonblocking(listener); /* the note's s.setblocking(False) */
    for (;;) {
        int conn;

        poll(watched, 1, -1); /* blocks until a watched socket is ready */
        /* TODO 四、多路复用IO: for each ready socket: the listener's readiness is a client to
         *  accept and watch; a connection's is data to read and send back upper(), in order.
         *  - No call but poll may wait: a client that sends nothing, or reads nothing, must not
         *    hold up any other client.
         *  - Every byte back, in order, nothing lost, however slowly a client reads.
         *  - A client's end of stream closes its connection; a reset closes that connection only.
         * GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
         *  - A socket left blocking (accept() gives one, on Linux), or a write() that waits for a
         *    client that does not read, stops every other client: set_nonblocking(conn).
         *  - watched[] grows: one struct pollfd per connection, events = POLLIN.
         *  - What write() did not take must still go, in order: wait until the socket can take
         *    more (POLLOUT instead of POLLIN), reading no more from that client meanwhile.
         *  - read() returning 0 is the client's end: close it. ECONNRESET or EPIPE is a reset.
         * END GUIDE
         */
        conn = accept(listener, NULL, NULL); /* placeholder: accepts each client and closes it; */
        if (conn >= 0)                       /* remove these three lines when the loop is written */
            close(conn);
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
