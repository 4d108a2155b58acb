# 四、多路复用IO (IO multiplexing): the note's second select server, as it wrote it.
# Lines marked "# added:" or "# changed:" are the only changes; everything else is the note's.
# select模块用select方法检测那个套接字准备好了,也就是收没收到数据(而我们的
# 非阻塞IO你不知道那个套接字准备好了,那么用select模块就能解决
# 这个问题)
# select还可以检测多个套接字
# 所以select比非阻塞IO的效率高
from socket import *
import select
import sys  # added: for the port (argv) and the "listening on" line (stderr)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8081  # added: the port from argv (0: any free one), so tests can run it beside others; the note's 8081 by default
server = socket(AF_INET,SOCK_STREAM)
server.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
server.bind(('127.0.0.1',PORT))  # changed: the note binds ('127.0.0.1',8081)
server.setblocking(False) #设置socket的套接字为非阻塞的
server.listen(5)
print('listening on %s:%d' % server.getsockname(), file=sys.stderr, flush=True)  # added: the port it got, for tests and the checker
print('start running....')
read_l = [server,] #因为不只就那么一个列表要检测。所以不要在参数里面定死了
while True:
    r_l,w_l,x_l = select.select(read_l,[],[]) #select()方法有四个参数
    print(r_l) #一开始服务端运行的时候,就等着,当你客户端一链接的时候,他就
    # 检测到有数据了(检测那个数据准备好了)
    for obj in r_l:
        if obj == server:
            conn,addr = obj.accept() #accept要经历两个阶段,但是程序如果走到这一步,那肯定是数据准备好了
            #当数据已经准备好的时候,accept就只经历一个copy数据的阶段了
            # print(addr)
            read_l.append(conn) #在监听一下conn套接字(这时候已经监听了两个了:分别是accept,conn)
        else:
            data = obj.recv(1024) # 此时的obj=conn
            obj.send(data.upper())
            # obj.close()
# server.close()
