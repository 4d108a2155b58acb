#!/usr/bin/env python3
"""Exercise 05, 五、异步IO (asynchronous IO), in the note's language: asyncio.

Every accept, read and write is awaited: the call returns at once, and the coroutine goes on when
the operation has completed. One thread serves every client, and none of them waits for another.

How asyncio differs from the note's 五: the note's asynchronous IO hands the whole read to the
kernel, which waits for the data, copies it into the process and then signals that the read has
completed; the process does neither phase. On Linux asyncio is not that: its loop is an epoll event
loop, a reactor as in 四 and 七. It waits until a socket is ready, then calls recv() itself, so
phase 2, the copy, is still the process's. What is asynchronous is the program's shape: an
await returns when the read or write has completed, the data in hand, and no thread waits for one
client. (Real completion-based IO on Linux is io_uring; on Windows asyncio's default loop uses IOCP.)

Everything but the model is given: the port, the listening socket, upper(), name_thread(). Write
serve(). Until then this server accepts each client and closes it at once, so the checker fails
every case:

    05-aio/run.sh python       (from exercises/, or a handout's top folder: start, check, stop)

A correct solution passes every case. Standard library only.
"""
import asyncio
import socket
import sys
import threading

DEFAULT_PORT = 8085  # the chapter's port


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


async def serve(server):
    loop = asyncio.get_running_loop()
    while True:
        conn, addr = await loop.sock_accept(server)  # goes on once a client has connected
        # TODO 五、异步IO: serve every client at once, in this one thread, each waiting only for its
        #  own client.
        #  - Every byte back upper(), in order, nothing lost. One operation in flight per client:
        #    a client that does not read holds up its own replies only, not the server's memory.
        #  - A client's end of stream ends its connection; a reset ends that client only.
        # GUIDE: hints for the guided level (exercises/strip-guide.py removes them, down to END GUIDE)
        #  - A coroutine per client (asyncio.create_task) whose reads and writes are awaited
        #    (loop.sock_recv, loop.sock_sendall).
        #  - b'' is the client's end; ConnectionResetError (or BrokenPipeError) a reset.
        #  - Keep a reference to each task: the loop keeps only a weak one.
        # END GUIDE
        conn.close()  # placeholder: remove it when the model is written


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    server.setblocking(False)  # asyncio's sock_ calls take non-blocking sockets
    name_thread('05-aio')  # the loop's thread, as ps -L shows it
    try:
        asyncio.run(serve(server))
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
