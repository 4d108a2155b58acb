# 四、多路复用IO: the note's second client, 客户端(多路复用IO), as it wrote it.
# Lines marked "# added:" or "# changed:" are the only changes; everything else is the note's.
# 客户端(多路复用IO)
from socket import *
import select
import sys  # added: for the port (argv)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8081  # added: the port from argv; the note's 8081 by default
client = socket(AF_INET,SOCK_STREAM)
client.connect(('127.0.0.1',PORT))  # changed: the note connects to ('127.0.0.1',8081)
while True:
    cmd = input('>>:')
    client.send(cmd.encode('utf-8'))
    data = client.recv(1024)
    print('接收的是:%s'%data.decode('utf-8'))
client.close()
