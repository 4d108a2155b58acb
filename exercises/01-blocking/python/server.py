#!/usr/bin/env python3
"""Exercise 01, 二、阻塞IO (blocking IO), in the note's language.

One thread accepts a client and serves only that client until it leaves; then it accepts the next.
Every call blocks in both phases of 一、IO模型介绍: waiting for the data, and copying it.

Everything but the model is given: the port, the listening socket, upper(), name_thread(). Write
serve(). Until then this server accepts each client and closes it at once, so the checker fails
every case:

    01-blocking/run.sh python       (from exercises/, or a handout's top folder: start, check, stop)

A correct solution still fails held-1000, idle-client-blocks-others and slow-reader-blocks-others:
serving one client at a time is this model, not a bug (../worksheet.md says why). Or start from
note_server.py: the note's own server, which you fix until the checker says the same.
Standard library only.
"""
import socket
import sys
import threading

DEFAULT_PORT = 8080  # the note's 二


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
        # TODO 二、阻塞IO: serve this client until it has finished, then close it and accept the next.
        #  - Every byte it sends comes back upper(), in order; nothing is lost.
        #  - Its end of stream ends the connection; so does a reset, and the server goes on.
        # GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        #  - recv() blocks in both phases: until bytes have come (phase 1), and while it copies them (phase 2).
        #  - send() may take only part of what it is given (sendall() sends it all).
        #  - recv() returning b'' means the client has finished sending (the note never checks).
        #  - A client that resets raises ConnectionResetError (or BrokenPipeError on send): catch it
        #    around this client's loop, not around the server's.
        # END GUIDE
        conn.close()  # placeholder: remove it when the loop is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('01-blocking')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
