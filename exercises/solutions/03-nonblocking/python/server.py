#!/usr/bin/env python3
"""Solution 03, 三、非阻塞IO (nonblocking IO), in the note's language. For teachers.

Every socket is non-blocking and one thread goes round them all in a loop: it accepts whoever is
waiting, then tries each connection. Waiting for data (phase 1) never blocks; copying it (phase 2)
still does. What a connection's socket did not take is kept and sent on a later pass; meanwhile
that connection is not read (backpressure: a client that does not read costs at most one reply).

It fails idle-cpu by design: the loop never sleeps, so it takes a whole core while nobody sends
(缺点 1, "循环调用recv()将大幅度推高CPU占用率"). A time.sleep(0.001) after a pass that did nothing
lowers that, and delays every reply by up to the sleep (缺点 2). Standard library only.
"""
import socket
import sys
import threading

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
    conns = {}  # every connection (the note's conn_l) -> the reply bytes its socket has not taken yet
    while True:
        # Accept whoever is waiting.
        while True:
            try:
                conn, addr = server.accept()
            except BlockingIOError:
                break                     # nobody is waiting
            except ConnectionAbortedError:
                continue                  # it left before it was accepted
            conn.setblocking(False)       # accept() gives a blocking socket on Linux
            conns[conn] = b''
        # Try each connection once (the note's for conn in conn_l).
        ended = []  # the note's del_l
        for conn, rest in conns.items():
            try:
                if not rest:              # read only when every earlier reply has gone
                    data = conn.recv(65536)
                    if not data:          # b'': the client has finished, and nothing is kept for it
                        ended.append(conn)
                        continue
                    rest = conns[conn] = upper(data)  # kept until the socket has taken it
                conns[conn] = rest[conn.send(rest):]  # keep what the socket did not take
            except BlockingIOError:
                pass                      # nothing has come, or no room to send: next pass
            except (ConnectionResetError, BrokenPipeError):
                ended.append(conn)        # the client reset: a normal ending
            except OSError as e:
                print('connection ended: %s' % e, file=sys.stderr)
                ended.append(conn)
        for conn in ended:
            conn.close()
            del conns[conn]


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('03-nonblocking')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
