/*
 * Exercise 03, 三、非阻塞IO (nonblocking IO), in C.
 *
 * Every socket is non-blocking and one thread goes round them all in a loop: it accepts whoever is
 * waiting, then tries each connection. Waiting for data (phase 1) never blocks: the call fails at
 * once with EAGAIN. Copying it (phase 2) still does.
 *
 * Everything but the model is given: the port, the listening socket, upper(), set_nonblocking(),
 * name_thread(). Write serve(). Until then this server accepts each client and closes it at once,
 * so the checker fails every case:
 *
 *     03-nonblocking/run.sh c       (from exercises/, or a handout's top folder: build, start, check, stop)
 *
 * A correct solution still fails idle-cpu: the loop runs while nobody sends, as the note's 缺点 1
 * says ("循环调用recv()将大幅度推高CPU占用率"). POSIX only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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

#define DEFAULT_PORT 8083 /* the chapter's port (the note's 三 uses 8080, as its 二 does) */

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
    set_nonblocking(listener); /* the note's severt.setblocking(False) */
    for (;;) {
        int conn = accept(listener, NULL, NULL); /* fails at once with EAGAIN if nobody is waiting */

        if (conn < 0) {
            usleep(10000); /* placeholder: a polling loop does not sleep a fixed 10 ms */
            continue;
        }
        /* TODO 三、非阻塞IO: keep every connection (the note's conn_l) and try each on every pass
         *  of this one loop.
         *  - No call may wait: not for a client's data, nor for a client that does not read.
         *  - Every byte back upper(), in order, nothing lost, however slowly a client reads.
         *  - A client's end of stream closes its connection once its replies are sent; a reset
         *    closes that connection only (the note's del_l).
         * GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
         *  - A read() or write() that cannot go on fails with EAGAIN. On Linux the socket accept()
         *    returns is blocking, whatever the listener is: set_nonblocking(conn).
         *  - write() takes what fits and returns how much: what it did not take must still go,
         *    in order, on a later pass (keep it per connection). Read no more from that client
         *    until it has.
         *  - read() returning 0 is the client's end; ECONNRESET or EPIPE a reset.
         * END GUIDE
         */
        close(conn); /* placeholder: remove it when the loop is written */
    }
}

int main(int argc, char **argv)
{
    int port = port_from_args(argc, argv);

    signal(SIGPIPE, SIG_IGN); /* writing to a client that reset fails with EPIPE, not the server */
    name_thread("03-nonblocking"); /* the loop's thread, as ps -L shows it */
    serve(listen_on(port));
    return 0;
}
