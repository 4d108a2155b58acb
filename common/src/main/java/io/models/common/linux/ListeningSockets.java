package io.models.common.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The TCP sockets listening on a port, as the tables {@code /proc/PID/net/tcp} and {@code tcp6} list them. */
final class ListeningSockets {

    private ListeningSockets() {
    }

    /**
     * The sockets listening on TCP {@code port} (IPv4 or IPv6) in the network namespace of the
     * process whose directory is {@code proc}, each as its descriptors name it: {@code socket:[INODE]}.
     */
    static Set<String> on(Path proc, int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String net : List.of("tcp", "tcp6")) {
            Path table = proc.resolve("net").resolve(net);
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ... inode: local is HEX_IP:HEX_PORT, st 0A is LISTEN
                if (f.length > 9 && f[1].contains(":") && f[3].equals("0A")
                        && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                    inodes.add("socket:[" + f[9] + "]");
                }
            }
        }
        return inodes;
    }
}
