#!/usr/bin/env python3
"""Exercise 02, 二、一个简单的解决方案 (a thread per connection), then 改进方案 (a pool), in the note's language.

The accepting thread hands each client to a thread of its own, which serves it with blocking calls
as in exercise 01, so no client waits for another.

Everything but the model is given: the port, the listening socket, upper(), name_thread(). Write
serve(). Until then this server accepts each client and closes it at once, so the checker fails
every case:

    02-threadpool/run.sh python       (from exercises/, or a handout's top folder: start, check, stop)

A thread per client passes every case. Then try 改进方案, a fixed pool of 8 threads
(concurrent.futures.ThreadPoolExecutor, as the note's opening uses it): which case fails now, and
which sentence of the note says why? Standard library only.
"""
import socket
import sys
import threading

DEFAULT_PORT = 8082  # the chapter's port


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
    while True:
        conn, addr = server.accept()  # blocks until a client has connected
        # TODO 二、一个简单的解决方案: serve each client on a thread of its own, so that no client
        #  waits for another (in phase 1 or in phase 2). Each of those threads calls
        #  name_thread('02-worker') first, so that ps -L tells them from the acceptor.
        #  - Every byte back upper(), in order, nothing lost.
        #  - The client's end of stream or a reset ends its connection and its thread, not the
        #    server (the checker's cleanup counts threads).
        #  Then 改进方案: a fixed pool of 8 threads instead; which case fails now, and which
        #  sentence of the note says why?
        # GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        #  - threading.Thread(target=serve_client, args=(conn,)).start(), where serve_client is
        #    exercise 01's loop: recv until b'', sendall(upper(data)), close; a reset ends it.
        #  - The pool: concurrent.futures.ThreadPoolExecutor(8) and pool.submit(serve_client, conn),
        #    as the note's opening uses it.
        # END GUIDE
        conn.close()  # placeholder: remove it when the model is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('02-acceptor')  # the accepting thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
