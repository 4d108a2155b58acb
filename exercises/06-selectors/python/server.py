#!/usr/bin/env python3
"""Exercise 06, 七、selectors模块, in the note's language.

selectors.DefaultSelector is the platform's best selector (epoll on Linux, kqueue on macOS), and
each registered socket carries its callback: the listener's accepts, a connection's reads and
writes. The loop does nothing but call back, as the note's does:

    events=sel.select()
    for sel_obj,mask in events:
        callback=sel_obj.data
        callback(sel_obj.fileobj,mask)


Everything but the model is given: the port, the listening socket, upper(), name_thread(). Write
serve(). Until then this server accepts each client and closes it at once, so the checker fails
every case:

    06-selectors/run.sh python       (from exercises/, or a handout's top folder: start, check, stop)

A correct solution passes every case. Standard library only.
"""
import selectors
import socket
import sys
import threading

DEFAULT_PORT = 8088  # the note's 七


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
    server.setblocking(False)  # the note's server_fileobj.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(server, selectors.EVENT_READ)
    while True:
        sel.select()  # blocks until the listener is ready
        # TODO 七、selectors模块: register the listener with a callback that accepts, and each
        #  client with a callback of its own; the loop only calls back (the note's loop).
        #  - The note's read() sends data.upper()+b'_SB': the reply must be the request, upper(),
        #    in order, nothing lost, however slowly a client reads.
        #  - No callback may wait: a client that sends nothing, or reads nothing, must not hold up
        #    any other client.
        #  - A client's end of stream closes its connection; a reset closes that connection only.
        # GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        #  - sel.register(sock, selectors.EVENT_READ, callback): the callback is key.data
        #    (the note's sel_obj.data).
        #  - Make each accepted socket non-blocking (accept() gives a blocking one, on Linux).
        #  - What send() did not take must still go, in order, once the socket can take more
        #    (sel.modify to EVENT_WRITE), reading no more from that client meanwhile (the
        #    selectors docs' own example says of its send: "Hope it won't block").
        #  - b'' from recv(), ConnectionResetError or BrokenPipeError: unregister and close it.
        # END GUIDE
        conn, addr = server.accept()  # placeholder: accepts each client and closes it at once;
        conn.close()                  # remove both lines when the loop is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('06-selectors')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
