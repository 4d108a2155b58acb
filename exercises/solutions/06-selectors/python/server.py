#!/usr/bin/env python3
"""Solution 06, 七、selectors模块, in the note's language. For teachers.

selectors.DefaultSelector is the platform's best selector (epoll on Linux, kqueue on macOS), and
each registered socket carries its callback: the listener's accept, a connection's read, and,
while a reply is not all sent, its write. The loop does nothing but call back, as the note's does.
Two changes to the note's callbacks: the reply is the request upper-cased (no b'_SB'), and a reply
the socket did not take all of is kept and sent when the socket can take more (EVENT_WRITE), the
connection not read meanwhile, where the note's send() "hopes it won't block". Every case passes.
Standard library only.
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


sel = selectors.DefaultSelector()


def accept(server, mask):
    """The listener's callback: accepts everyone waiting, each with its read callback."""
    while True:
        try:
            conn, addr = server.accept()
        except BlockingIOError:
            return                    # nobody is waiting
        except ConnectionAbortedError:
            continue                  # it left before it was accepted
        conn.setblocking(False)       # accept() gives a blocking socket on Linux
        sel.register(conn, selectors.EVENT_READ, read)


def read(conn, mask):
    """A connection's callback while nothing is kept for it: read, and send back."""
    try:
        data = conn.recv(65536)
        if not data:                  # b'': the client has finished, and nothing is kept for it
            close(conn)
            return
        send(conn, upper(data))
    except BlockingIOError:
        pass
    except OSError as e:
        close(conn, e)


def write(conn, mask, rest):
    """A connection's callback while its socket has not taken all of a reply: send the rest."""
    try:
        send(conn, rest)
    except OSError as e:
        close(conn, e)


def send(conn, data):
    """Sends what the socket takes; the rest waits for EVENT_WRITE, and the connection is not read."""
    try:
        sent = conn.send(data)
    except BlockingIOError:
        sent = 0  # no room at all: keep all of it
    if sent < len(data):
        rest = data[sent:]
        sel.modify(conn, selectors.EVENT_WRITE, lambda c, m: write(c, m, rest))
    elif sel.get_key(conn).events != selectors.EVENT_READ:
        sel.modify(conn, selectors.EVENT_READ, read)  # all sent: read again


def close(conn, error=None):
    if error is not None and not isinstance(error, (ConnectionResetError, BrokenPipeError)):
        print('connection ended: %s' % error, file=sys.stderr)  # a reset is a normal ending
    sel.unregister(conn)
    conn.close()


def name_thread(name):
    """Names the calling thread: Python's name for it and, on Linux, the name that ps -L and top -H
    show (prctl(PR_SET_NAME), 15 bytes at most). The main thread's name is the process's name too."""
    threading.current_thread().name = name
    if sys.platform.startswith('linux'):
        import ctypes
        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # 15: PR_SET_NAME


def serve(server):
    server.setblocking(False)  # the note's server_fileobj.setblocking(False)
    sel.register(server, selectors.EVENT_READ, accept)
    while True:
        for key, mask in sel.select():  # phase 1, for every socket at once
            callback = key.data           # the note's callback=sel_obj.data
            callback(key.fileobj, mask)


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('06-selectors')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
