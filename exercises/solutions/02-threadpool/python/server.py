#!/usr/bin/env python3
"""Solution 02, 二、一个简单的解决方案 (a thread per connection) and 改进方案 (a pool), in the note's
language. For teachers.

The accepting thread hands each client to a thread of its own, which serves it with exercise 01's
blocking loop, so no client waits for another: every case passes. With a second argument,
python3 server.py 8082 8, a fixed pool of 8 threads serves instead (concurrent.futures, as in the
note's opening), and held-1000 fails with "8 of 1000": 所谓“池”始终有其上限. Standard library only.
"""
import socket
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

DEFAULT_PORT = 8082  # the chapter's port


def upper(data):
    """The protocol: ASCII a-z become A-Z, every other byte stays (bytes.upper(), as in the note)."""
    return data.upper()


def port_and_pool_from_argv(default):
    """python3 server.py [PORT [POOL]]: the port (0 picks a free one), and the size of a fixed pool."""
    usage = ('usage: python3 server.py [PORT [POOL]]   (default %d; 0 picks a free port; '
             'POOL: a fixed pool instead of a thread per client)' % default)
    args = sys.argv[1:]
    if args[:1] in (['-h'], ['--help']):
        print(usage)
        sys.exit(0)
    try:
        port = int(args[0]) if args else default
        pool = int(args[1]) if len(args) > 1 else None
        if len(args) > 2 or not 0 <= port <= 65535 or (pool is not None and pool < 1):
            raise ValueError
    except ValueError:
        print(usage, file=sys.stderr)
        sys.exit(2)
    return port, pool


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
    """Exercise 01's loop: serves one client until it has finished or reset, then closes it."""
    name_thread('02-worker')  # this client's thread, as ps -L shows it
    with conn:
        try:
            while True:
                data = conn.recv(65536)  # blocks this client's thread only
                if not data:             # b'': the client has finished; every reply is already sent
                    return
                conn.sendall(upper(data))
        except (ConnectionResetError, BrokenPipeError):
            pass  # the client reset: a normal ending
        except OSError as e:
            print('connection ended: %s' % e, file=sys.stderr)


def serve(server, pool_size=None):
    pool = ThreadPoolExecutor(pool_size) if pool_size else None  # 改进方案: the rest wait in its queue
    while True:
        try:
            conn, addr = server.accept()  # blocks until a client has connected
        except ConnectionAbortedError:
            continue                      # it left before it was accepted
        if pool:
            pool.submit(serve_client, conn)
            continue
        try:
            threading.Thread(target=serve_client, args=(conn,), daemon=True).start()
        except RuntimeError as e:  # "can't start new thread": this client only
            print('cannot serve a client: %s' % e, file=sys.stderr)
            conn.close()


def main():
    port, pool = port_and_pool_from_argv(DEFAULT_PORT)
    server = listen(port)
    name_thread('02-acceptor')  # the accepting thread, as ps -L shows it
    try:
        serve(server, pool)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
