# 四、多路复用IO (IO multiplexing): the note's first select server, as it wrote it.
# Lines marked "# added:" or "# changed:" are the only changes; everything else is the note's.
#服务端
from socket import *
import select
import sys  # added: for the port (argv) and the "listening on" line (stderr)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8081  # added: the port from argv (0: any free one), so tests can run it beside others; the note's 8081 by default
s=socket(AF_INET,SOCK_STREAM)
s.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
s.bind(('127.0.0.1',PORT))  # changed: the note binds ('127.0.0.1',8081)
s.listen(5)
s.setblocking(False) #设置socket的接口为非阻塞
print('listening on %s:%d' % s.getsockname(), file=sys.stderr, flush=True)  # added: the port it got, for tests and the checker
read_l=[s,]
while True:
    r_l,w_l,x_l=select.select(read_l,[],[])
    print(r_l)
    for ready_obj in r_l:
        if ready_obj == s:
            conn,addr=ready_obj.accept() #此时的ready_obj等于s
            read_l.append(conn)
        else:
            try:
                data=ready_obj.recv(1024) #此时的ready_obj等于conn
                if not data:
                    read_l.remove(ready_obj)
                    continue
                ready_obj.send(data.upper())
            except ConnectionResetError:
                read_l.remove(ready_obj)
