package io.dfs.bench.load;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SocketTableTest {
  @Test
  void aRowOfTheKernelsTableIsReadAndItsHeaderIsNot() {
    String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    String row = "   3: 0100007F:1F90 0100007F:A2C4 01 00000000:00000000 00:00000000 00000000     0        0 4711 1 0";
    assertNull(SocketTable.parse(header, false));
    assertEquals(new SocketTable.Row(false, 8080, 41668, 1, "4711"), SocketTable.parse(row, false));
  }

  @Test
  void thisProcesssOwnSocketsAreNamedByWhatTheyAre() throws IOException {
    long pid = ProcessHandle.current().pid();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket out = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket in = server.accept()) {
      Set<String> inodes = SocketTable.socketInodes(pid);
      SocketTable table = SocketTable.read(pid, Map.of("me", pid));
      String port = "me:" + server.getLocalPort();
      Map<String, Long> kinds = new TreeMap<>();
      inodes.forEach(inode -> kinds.merge(table.describe(inode, "me"), 1L, Long::sum));
      assertEquals(1L, kinds.get("listen " + port), kinds.toString());
      assertEquals(1L, kinds.get("in " + port + " ESTABLISHED"), kinds.toString());
      assertEquals(1L, kinds.get("out " + port + " ESTABLISHED"), kinds.toString());
    }
  }
}
