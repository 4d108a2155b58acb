#!/usr/bin/env python3
# Exercise 01, first part: make the note's server pass the checker.
#
# Below is the note's 二、阻塞IO server as the note wrote it, bugs and all. Lines marked
# "# added:" or "# changed:" are the only changes (the port, and the "listening on" line).
# Run it and check it:
#
#     python3 exercises/01-blocking/python/note_server.py 8080 > note_server.log &
#     java -jar conformance/target/conformance.jar --port 8080 --pid $!
#
# Read the first FAIL line, find the line of the note's code it is about, fix it, and run the
# checker again; one bug at a time, each with the smallest change you can. You are done when the
# checker fails only what this model fails by design: held-1000, idle-client-blocks-others and
# slow-reader-blocks-others (one client at a time). Then write server.py, the same model in your
# own words.
# 服务端
from socket import *
import sys  # added: for the port (argv) and the "listening on" line
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080  # added: the port (0: any free one), 8080 by default
server = socket(AF_INET,SOCK_STREAM)
server.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
server.bind(('127.0.0.1',PORT))  # changed: the note binds ('127.0.0.1',8080)
server.listen(5)
print('listening on %s:%d' % server.getsockname(), flush=True)  # added: the port it got, for the checker
print('start runnig...')
while True:
    conn,addr = server.accept() #IO操作 在这accept的时候不能干recv的活
    print(addr)
    while True:
        try:
            data = conn.recv(1024) #IO操作
            conn.send(data.upper())
        except Exception:
            break
    conn.close()
server.close()
# 我们以前写的这个就是阻塞的IO模型:一旦阻塞了就在那卡着
# 直到等到数据已经到了操作系统,操作系统再从内核拷贝给应用程序
# 阻塞IO在那两个阶段全都阻塞住了
