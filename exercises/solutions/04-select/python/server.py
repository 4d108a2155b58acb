#!/usr/bin/env python3
"""Solution 04, 四、多路复用IO (IO multiplexing), in the note's language: select.select. For teachers.

One thread blocks in one call, select, that watches every socket at once (phase 1 for all of them),
and then accepts, reads and writes only the sockets select said are ready (phase 2). A reply the
socket did not take all of is kept; that socket then waits in select's second list until it can
take more, and is not read meanwhile (backpressure). Every case passes.

select.select takes descriptors below 1024 only (FD_SETSIZE on Linux): a client that gets a larger
one is closed at once, where select itself would raise ValueError and end the server. That is the
note's select 缺点 in one number; 06's selectors (epoll) has no such limit. Standard library only.
"""
import select
import socket
import sys
import threading

DEFAULT_PORT = 8081  # the note's 四
FD_SETSIZE = 1024    # select.select's limit on Linux: descriptors 0 to 1023


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
    read_l = [server]          # the note's read_l=[s,]: sockets to read from
    write_l = []               # sockets with a reply not all sent: wait until they can take more
    rest = {}                  # socket in write_l -> the bytes it has not taken yet

    def close(conn):
        for l in (read_l, write_l):
            if conn in l:
                l.remove(conn)
        rest.pop(conn, None)
        conn.close()

    def send(conn, data):
        """Sends what the socket takes; keeps the rest for when select says it can take more."""
        try:
            sent = conn.send(data)
        except BlockingIOError:
            sent = 0  # no room at all: keep all of it
        if sent < len(data):
            rest[conn] = data[sent:]
            if conn in read_l:
                read_l.remove(conn)  # read no more from it until its replies have gone
                write_l.append(conn)
        elif conn in write_l:
            del rest[conn]
            write_l.remove(conn)
            read_l.append(conn)

    while True:
        r_l, w_l, x_l = select.select(read_l, write_l, [])  # phase 1, for every socket at once
        for ready_obj in r_l + w_l:
            if ready_obj is server:    # the note's if ready_obj == s
                while True:            # accept everyone waiting
                    try:
                        conn, addr = server.accept()
                    except BlockingIOError:
                        break
                    except ConnectionAbortedError:
                        continue
                    if conn.fileno() >= FD_SETSIZE:
                        print('too many connections for select(): closing one', file=sys.stderr)
                        conn.close()
                        continue
                    conn.setblocking(False)  # accept() gives a blocking socket on Linux
                    read_l.append(conn)
                continue
            try:
                if ready_obj in rest:  # in w_l: room to send what is kept
                    send(ready_obj, rest[ready_obj])
                    continue
                data = ready_obj.recv(65536)  # phase 2: the data is there
                if not data:                  # b'': the client has finished, nothing is kept for it
                    close(ready_obj)
                    continue
                send(ready_obj, upper(data))
            except BlockingIOError:
                pass
            except (ConnectionResetError, BrokenPipeError):
                close(ready_obj)               # the client reset: a normal ending
            except OSError as e:
                print('connection ended: %s' % e, file=sys.stderr)
                close(ready_obj)


def main():
    server = listen(port_from_argv(DEFAULT_PORT))
    name_thread('04-select')  # the loop's thread, as ps -L shows it
    try:
        serve(server)
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
