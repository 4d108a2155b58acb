# 二、阻塞IO: the note's client, as it wrote it.
# Lines marked "# added:" or "# changed:" are the only changes; everything else is the note's.
# 客户端
from socket import *
import sys  # added: for the port (argv)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080  # added: the port from argv; the note's 8080 by default
client = socket(AF_INET,SOCK_STREAM)
client.connect(('127.0.0.1',PORT))  # changed: the note connects to ('127.0.0.1',8080)
while True:
    cmd = input('>>:').strip()
    if not cmd:continue
    client.send(cmd.encode('utf-8'))
    data = client.recv(1024)
    print('接受的是:%s'%data.decode('utf-8'))
client.close()
