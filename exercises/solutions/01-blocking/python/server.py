#!/usr/bin/env python3
"""Solution 01, 二、阻塞IO (blocking IO), in the note's language. For teachers.

One thread accepts a client and serves only that client until it leaves; then it accepts the next.
Every call blocks in both phases of 一、IO模型介绍: waiting for the data, and copying it.

What it adds to the note's loop: it leaves at recv()'s b'' (the client has finished), sends all of
each reply (sendall), and a reset ends that connection only. The checker fails it on held-1000,
idle-client-blocks-others and slow-reader-blocks-others: one client at a time is the model
("在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求").
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


def serve_client(conn):
    """Serves one client until it has finished sending, or has reset; then closes it."""
    with conn:
        try:
            while True:
                data = conn.recv(65536)  # phase 1 and phase 2: blocks until bytes have come, copies them
                if not data:             # b'': the client has finished; every reply is already sent
                    return
                conn.sendall(upper(data))  # blocks until the kernel has taken all of it
        except (ConnectionResetError, BrokenPipeError):
            pass  # the client reset: a normal ending
        except OSError as e:
            print('connection ended: %s' % e, file=sys.stderr)


def serve(server):
    while True:
        try:
            conn, addr = server.accept()  # blocks until a client has connected
        except ConnectionAbortedError:
            continue                      # it left before it was accepted
        serve_client(conn)            # nobody else is served until this client leaves


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('01-blocking')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
