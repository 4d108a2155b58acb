# 七、selectors模块: the note's client, as it wrote it.
# Lines marked "# added:" or "# changed:" are the only changes; everything else is the note's.
#客户端
from socket import *
import sys  # added: for the port (argv)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8088  # added: the port from argv; the note's 8088 by default
c=socket(AF_INET,SOCK_STREAM)
c.connect(('127.0.0.1',PORT))  # changed: the note connects to ('127.0.0.1',8088)
while True:
    msg=input('>>: ')
    if not msg:continue
    c.send(msg.encode('utf-8'))
    data=c.recv(1024)
    print(data.decode('utf-8'))
