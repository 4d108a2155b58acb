#!/usr/bin/env python3
"""Exercise 03, 三、非阻塞IO (nonblocking IO), in the note's language.

Every socket is non-blocking and one thread goes round them all in a loop: it accepts whoever is
waiting, then tries each connection. Waiting for data (phase 1) never blocks: the call raises
BlockingIOError at once. Copying it (phase 2) still does.

Everything but the model is given: the port, the listening socket, upper(). Write serve(). Until
then this server accepts each client and closes it at once, so the checker fails every case:

    python3 exercises/03-nonblocking/python/server.py 8083 > /dev/null &
    java -jar conformance/target/conformance.jar --port 8083 --pid $!

A correct solution still fails idle-cpu: the loop runs while nobody sends, as the note's 缺点 1
says ("循环调用recv()将大幅度推高CPU占用率"). Standard library only.
"""
import socket
import sys
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


def serve(server):
    server.setblocking(False)  # the note's severt.setblocking(False)
    while True:
        try:
            conn, addr = server.accept()  # raises BlockingIOError at once if nobody is waiting
        except BlockingIOError:
            time.sleep(0.01)  # placeholder: a polling loop does not sleep a fixed 10 ms
            continue
        # TODO 三、非阻塞IO: keep every connection (the note's conn_l) and try each on every pass.
        #  - Nothing may wait: recv() and send() raise BlockingIOError when they cannot go on.
        #    On Linux the socket accept() returns is blocking, whatever the listener is.
        #  - send() takes what fits: what it did not take must still go, in order, on a later
        #    pass. Read no more from that client until it has.
        #  - b'' from recv() is the client's end: close once all its replies are sent. A reset
        #    (ConnectionResetError) closes that connection only (the note's del_l).
        conn.close()  # placeholder: remove it when the loop is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
