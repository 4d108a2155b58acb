#!/usr/bin/env python3
"""Exercise 03, 三、非阻塞IO (nonblocking IO), in the note's language.

Every socket is non-blocking and one thread goes round them all in a loop: it accepts whoever is
waiting, then tries each connection. Waiting for data (phase 1) never blocks: the call raises
BlockingIOError at once. Copying it (phase 2) still does.

Everything but the model is given: the port, the listening socket, upper(), name_thread(). Write
serve(). Until then this server accepts each client and closes it at once, so the checker fails
every case:

    03-nonblocking/run.sh python       (from exercises/, or a handout's top folder: start, check, stop)

A correct solution still fails idle-cpu: the loop runs while nobody sends, as the note's 缺点 1
says ("循环调用recv()将大幅度推高CPU占用率"). Standard library only.
"""
import socket
import sys
import threading
import time

DEFAULT_PORT = 8083  # the chapter's port (the note's 三 uses 8080, as its 二 does)


def upper(data):
    """The protocol: ASCII a-z become A-Z, every other byte stays (bytes.upper(), as in the note)."""
    return data.upper()


def port_from_argv(default):
    """python3 server.py [PORT]: the port to listen on (0 picks a free one)."""
    usage = 'usage: python3 server.py [PORT]   (default %d; 0 picks a free port)' % default
    args = sys.argv[1:]
    if args[:1] in (['-h'], ['--help']):
        print(usage)
        sys.exit(0)
    try:
        port = int(args[0]) if args else default
        if len(args) > 1 or not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        print(usage, file=sys.stderr)
        sys.exit(2)
    return port


def listen(port):
    """The listening socket on 127.0.0.1:PORT, and the line that says so."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind(('127.0.0.1', port))
    except OSError as e:
        sys.exit('cannot listen on 127.0.0.1:%d: %s' % (port, e.strerror))
    server.listen(1024)  # room for the checker's 100 clients at once (the note's listen(5) is not)
    print('listening on %s:%d' % server.getsockname(), flush=True)
    return server


def name_thread(name):
    """Names the calling thread: Python's name for it and, on Linux, the name that ps -L and top -H
    show (prctl(PR_SET_NAME), 15 bytes at most). The main thread's name is the process's name too."""
    threading.current_thread().name = name
    if sys.platform.startswith('linux'):
        import ctypes
        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # 15: PR_SET_NAME


def serve(server):
    server.setblocking(False)  # the note's severt.setblocking(False)
    while True:
        try:
            conn, addr = server.accept()  # raises BlockingIOError at once if nobody is waiting
        except BlockingIOError:
            time.sleep(0.01)  # placeholder: a polling loop does not sleep a fixed 10 ms
            continue
        # TODO 三、非阻塞IO: keep every connection (the note's conn_l) and try each on every pass
        #  of this one loop.
        #  - No call may wait: not for a client's data, nor for a client that does not read.
        #  - Every byte back upper(), in order, nothing lost, however slowly a client reads.
        #  - A client's end of stream closes its connection once its replies are sent; a reset
        #    closes that connection only (the note's del_l).
        # GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        #  - recv() and send() raise BlockingIOError when they cannot go on. On Linux the socket
        #    accept() returns is blocking, whatever the listener is: conn.setblocking(False).
        #  - send() takes what fits and returns how much: what it did not take must still go, in
        #    order, on a later pass. Read no more from that client until it has.
        #  - b'' from recv() is the client's end; ConnectionResetError (or BrokenPipeError) a reset.
        # END GUIDE
        conn.close()  # placeholder: remove it when the loop is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('03-nonblocking')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
