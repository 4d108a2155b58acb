#!/usr/bin/env python3
"""Exercise 04, 四、多路复用IO (IO multiplexing), in the note's language: select.select.

One thread blocks in one call, select, that watches every socket at once (phase 1 for all of them),
and then accepts, reads and writes only the sockets select said are ready (phase 2).

Everything but the model is given: the port, the listening socket, upper(), name_thread(). Write
serve(). Until then this server accepts each client and closes it at once, so the checker fails
every case:

    04-select/run.sh python       (from exercises/, or a handout's top folder: start, check, stop)

A correct solution passes every case. select.select takes descriptors below 1024 only (FD_SETSIZE):
the note's select 缺点 in one number. Standard library only.
"""
import select
import socket
import sys
import threading

DEFAULT_PORT = 8081  # the note's 四


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
    server.setblocking(False)  # the note's s.setblocking(False)
    read_l = [server]          # the note's read_l=[s,]
    while True:
        r_l, w_l, x_l = select.select(read_l, [], [])  # blocks until a socket in read_l is ready
        # TODO 四、多路复用IO: for each ready socket: the listener's readiness is a client to
        #  accept and watch; a connection's is data to read and send back upper(), in order.
        #  - No call but select may wait: a client that sends nothing, or reads nothing, must not
        #    hold up any other client.
        #  - Every byte back, in order, nothing lost, however slowly a client reads.
        #  - A client's end of stream closes its connection; a reset closes that connection only.
        # GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        #  - A socket left blocking (accept() gives one, on Linux), or a send() that waits for a
        #    client that does not read, stops every other client: conn.setblocking(False).
        #  - What send() did not take must still go, in order: wait until the socket can take
        #    more (select's second list), reading no more from that client meanwhile.
        #  - b'' from recv() is the client's end: close it (the note only removes it from read_l).
        #    ConnectionResetError (or BrokenPipeError) is a reset.
        # END GUIDE
        conn, addr = server.accept()  # placeholder: accepts each client and closes it at once;
        conn.close()                  # remove both lines when the loop is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('04-select')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
