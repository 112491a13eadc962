package io.dfs.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names a server's sockets by what they are, from the kernel's tables ({@code /proc/<pid>/net/tcp}
 * and the like): a port it listens on, a connection it accepted on one of its ports, or one it
 * made to another port, with the connection's TCP state. Ports that a sampled server listens on
 * are named after it. When a server ends a run with more sockets than it began with, this says
 * whose connections they are.
 */
final class SocketTable {
  private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6");
  /** The states of {@code include/net/tcp_states.h}, by their number. */
  private static final String[] TCP_STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
      "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};
  private static final int LISTEN = 10;

  /** One row of a table: a socket by its inode. */
  record Row(boolean udp, int localPort, int remotePort, int state, String inode) {}

  private final Map<String, Row> byInode;
  /** TCP port → the sampled server that listens on it. */
  private final Map<Integer, String> listeners;

  private SocketTable(Map<String, Row> byInode, Map<Integer, String> listeners) {
    this.byInode = byInode;
    this.listeners = listeners;
  }

  /**
   * The sockets of the machine as {@code pid}'s network namespace shows them, with the listening
   * ports of the {@code servers} (name → pid) named after the server.
   */
  static SocketTable read(long pid, Map<String, Long> servers) {
    Map<String, Row> byInode = new HashMap<>();
    for (String table : TABLES) {
      Path file = Path.of("/proc", Long.toString(pid), "net", table);
      try {
        for (String line : Files.readAllLines(file)) {
          Row row = parse(line, table.startsWith("udp"));
          if (row != null) {
            byInode.put(row.inode(), row);
          }
        }
      } catch (IOException e) {
        // A table the kernel does not have (no IPv6) names no socket.
      }
    }
    Map<Integer, String> listeners = new HashMap<>();
    servers.forEach((name, serverPid) -> {
      for (String inode : socketInodes(serverPid)) {
        Row row = byInode.get(inode);
        if (row != null && !row.udp() && row.state() == LISTEN) {
          listeners.put(row.localPort(), name);
        }
      }
    });
    return new SocketTable(byInode, listeners);
  }

  /** Parses one line of a table; null for its header or a line it cannot read. */
  static Row parse(String line, boolean udp) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 10 || !f[0].endsWith(":")) {
      return null;
    }
    try {
      return new Row(udp, port(f[1]), port(f[2]), Integer.parseInt(f[3], 16), f[9]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
  }

  /**
   * What {@code server}'s socket with this inode is: {@code udp <port>}, {@code listen <port>},
   * {@code in <port> <state>} (accepted on a port the server listens on), {@code out <port>
   * <state>}, or {@code unix} when no IP table has it. A sampled server's port is named after it.
   */
  String describe(String inode, String server) {
    Row row = byInode.get(inode);
    if (row == null) {
      return "unix";
    }
    if (row.udp()) {
      return "udp " + name(row.localPort());
    }
    String state = row.state() < TCP_STATES.length ? TCP_STATES[row.state()] : Integer.toString(row.state());
    if (row.state() == LISTEN) {
      return "listen " + name(row.localPort());
    }
    if (server.equals(listeners.get(row.localPort()))) {
      return "in " + name(row.localPort()) + " " + state;
    }
    return "out " + name(row.remotePort()) + " " + state;
  }

  private String name(int port) {
    String server = listeners.get(port);
    return server == null ? Integer.toString(port) : server + ":" + port;
  }

  /** The inodes of {@code pid}'s sockets, from the links in {@code /proc/<pid>/fd}. */
  static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String inode = socketInode(fd);
        if (inode != null) {
          inodes.add(inode);
        }
      }
    } catch (IOException e) {
      // A process that is gone has no sockets.
    }
    return inodes;
  }

  /** The inode of the socket {@code fd} links to ({@code socket:[123]}); null for anything else. */
  static String socketInode(Path fd) {
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("socket:[") ? target.substring("socket:[".length(), target.length() - 1) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
