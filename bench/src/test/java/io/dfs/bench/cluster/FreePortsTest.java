package io.dfs.bench.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void portsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
    int ephemeral = FreePorts.ephemeralStart();
    assertTrue(ephemeral > FreePorts.LOWEST, "this machine's ephemeral range starts at " + ephemeral);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = i % 4 == 0 ? FreePorts.udp() : FreePorts.tcp();
      assertTrue(port >= FreePorts.LOWEST && port < ephemeral, "port " + port);
      assertTrue(seen.add(port), "port " + port + " handed out twice");
    }
    int port = FreePorts.tcp();
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }
  }

  @Test
  void aPortInUseOrHandedOutAlreadyIsPassedOver() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket taken = new ServerSocket(0, 1, loopback)) {
      int busy = taken.getLocalPort();
      int handedOut = FreePorts.tcp();
      int fresh;
      try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
        fresh = probe.getLocalPort();
      }
      assertEquals(fresh, FreePorts.firstFree(IntStream.of(busy, handedOut, fresh).iterator(), FreePorts::tcpFree));
      assertThrows(IllegalStateException.class,
          () -> FreePorts.firstFree(IntStream.of(busy, handedOut, fresh).iterator(), FreePorts::tcpFree),
          "every candidate is taken now");
    }
  }
}
