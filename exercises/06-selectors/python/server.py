#!/usr/bin/env python3
"""Exercise 06, 七、selectors模块, in the note's language.

selectors.DefaultSelector is the platform's best selector (epoll on Linux, kqueue on macOS), and
each registered socket carries its callback: the listener's accepts, a connection's reads and
writes. The loop does nothing but call back: callback = key.data; callback(key.fileobj, mask).

Everything but the model is given: the port, the listening socket, upper(). Write serve(). Until
then this server accepts each client and closes it at once, so the checker fails every case:

    python3 exercises/06-selectors/python/server.py 8088 &
    java -jar conformance/target/conformance.jar --port 8088 --pid $!

A correct solution passes every case. Standard library only.
"""
import selectors
import socket
import sys

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


def serve(server):
    server.setblocking(False)  # the note's server_fileobj.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(server, selectors.EVENT_READ)
    while True:
        sel.select()  # blocks until the listener is ready
        # TODO 七、selectors模块: register the listener with a callback that accepts, and each
        #  client with a callback of its own; the loop only calls back (the note's loop).
        #  - The note's read() sends data.upper()+b'_SB': the reply must be the request, upper().
        #  - No callback may wait: what send() did not take must still go, in order, once the
        #    socket can take more (EVENT_WRITE), reading no more from that client meanwhile
        #    (the selectors docs' own example says of its send: "Hope it won't block").
        #  - b'' from recv() is the client's end, a reset ends that client only: unregister and
        #    close it.
        conn, addr = server.accept()  # placeholder: accepts each client and closes it at once;
        conn.close()                  # remove both lines when the loop is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
