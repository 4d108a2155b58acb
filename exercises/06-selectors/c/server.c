/*
 * Exercise 06, 七、selectors模块, in C: epoll(7), what selectors.DefaultSelector picks on Linux.
 *
 * The kernel keeps the list of watched sockets (epoll_ctl), and epoll_wait hands back only the ready
 * ones. Each watched socket carries its callback: the listener's accepts, a connection's reads and
 * writes. The loop does nothing but call back, as the note's does:
 * callback=sel_obj.data, then callback(sel_obj.fileobj,mask).
 *
 * Everything but the model is given: the port, the listening socket, upper(), set_nonblocking(),
 * name_thread(). Write serve(). Until then this server accepts each client and closes it at once,
 * so the checker fails every case:
 *
 *     06-selectors/run.sh c       (from exercises/, or a handout's top folder: build, start, check, stop)
 *
 * A correct solution passes every case. Linux only (epoll).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
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

static void serve(int listener)
{
    int ep = epoll_create1(0); /* the note's sel = selectors.DefaultSelector() */
    struct epoll_event ready[64], ev = {.events = EPOLLIN, .data.fd = listener};

    set_nonblocking(listener); /* the note's server_fileobj.setblocking(False) */
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev) < 0) {
        perror("epoll");
        exit(1);
    }
    for (;;) {
        int conn;

        epoll_wait(ep, ready, 64, -1); /* blocks until the listener is ready */
        /* TODO 七、selectors模块: watch the listener with a callback that accepts, and each client
         *  with a callback of its own; the loop only calls back: it never asks what kind of
         *  socket is ready.
         *  - The note's read() sends data.upper()+b'_SB': the reply must be the request, upper(),
         *    in order, nothing lost, however slowly a client reads.
         *  - No callback may wait: a client that sends nothing, or reads nothing, must not hold up
         *    any other client.
         *  - A client's end of stream closes its connection; a reset closes that connection only.
         * GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
         *  - Keep a function pointer with each socket, in a struct reached through
         *    epoll_event.data.ptr: the note's sel_obj.data.
         *  - set_nonblocking(conn) for each accepted socket (accept() gives a blocking one).
         *  - What write() did not take must still go, in order, once the socket can take more
         *    (EPOLLOUT instead of EPOLLIN, with EPOLL_CTL_MOD), reading no more from that client
         *    meanwhile.
         *  - read() returning 0, ECONNRESET or EPIPE: close it (close() also removes it from epoll).
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
    name_thread("06-selectors"); /* the loop's thread, as ps -L shows it */
    serve(listen_on(port));
    return 0;
}
