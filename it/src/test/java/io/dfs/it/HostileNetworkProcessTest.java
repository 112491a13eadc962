package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.heartbeat.Heartbeat;
import io.dfs.common.heartbeat.HeartbeatCodec;
import io.dfs.common.security.BlockTokens;
import io.dfs.common.wire.BlockProtocol;
import io.dfs.it.TlsProbe.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster started as {@code make up TLS=1} starts it, against what a careless or hostile network
 * sends (RELIABILITY B26, B29, B30): plaintext, TLS 1.0 and 1.1 hellos, no or an expired client
 * certificate where servers only talk to servers, a server certificate naming another host or out
 * of date, a flood of hellos with made-up server names, and a flood of garbage heartbeats. Every
 * server refuses, keeps its memory and files, and keeps serving; no node is evicted.
 */
@ExtendWith(ProcessClusterDumpOnFailure.class)
class HostileNetworkProcessTest {
  static final int FLOOD_HELLOS = 10_000;
  @TempDir static Path work;
  static ProcessCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    // Softly held JDK caches would otherwise count as live heap until their policy lets them go, and
    // the serial collector's full collections leave up to 5% of the old generation's dead objects in
    // place as int[] fillers (3 of every 4 times), which the class histogram counts as live.
    cluster = ProcessCluster.start(Files.createDirectories(work.resolve("cluster")), 1, null, new JsonObject(), true,
        List.of("-XX:SoftRefLRUPolicyMSPerMB=0", "-XX:MarkSweepDeadRatio=0"));
    ProcessClusterDumpOnFailure.watch(cluster);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Every TCP port of the cluster, by what listens there. */
  static Map<String, Integer> ports() {
    return Map.of("auth", cluster.authPort(), "meta client API", cluster.metaPort(),
        "meta discovery", cluster.discoveryPort(), "data node block protocol", cluster.dataPort(1),
        "data node HTTP", cluster.dataHttpPort(1));
  }

  static void assertServing() {
    assertEquals(200, Http.status(cluster.authUrl() + "/ready"));
    assertEquals(200, Http.status(cluster.metaUrl() + "/ready"));
    assertEquals(200, Http.status(cluster.dataNodeHttpUrl(1) + "/ready"));
    JsonObject node = cluster.clusterState().getJsonArray("nodes").getJsonObject(0);
    assertEquals("live", node.getString("state"), node::encode);
  }

  @Test
  void plaintextToAnyTlsPortGetsNoPlaintextAnswer() throws Exception {
    byte[] request = "GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    ports().forEach((what, port) -> {
      String answer;
      try {
        answer = TlsProbe.plaintextAnswer(port, request);
      } catch (IOException e) {
        return;
      }
      // Nothing, or a TLS alert record; never an HTTP answer or a block protocol frame.
      assertTrue(answer.isEmpty() || answer.charAt(0) == 0x15, what + " answered plaintext with: " + answer);
    });
    assertServing();
  }

  @Test
  void helloesForTls10And11AreRefusedWhereTls12IsServed() throws Exception {
    for (Map.Entry<String, Integer> port : ports().entrySet()) {
      assertEquals(Answer.SERVER_HELLO, TlsProbe.send(port.getValue(), TlsProbe.clientHello(TlsProbe.TLS_1_2, null)),
          port.getKey() + " should take the same hello at TLS 1.2");
      for (int version : new int[] {TlsProbe.TLS_1_0, TlsProbe.TLS_1_1}) {
        Answer answer = TlsProbe.send(port.getValue(), TlsProbe.clientHello(version, null));
        assertTrue(answer == Answer.ALERT || answer == Answer.CLOSED,
            port.getKey() + " answered a hello for version " + Integer.toHexString(version) + " with " + answer);
      }
    }
    assertServing();
  }

  @Test
  void theDiscoveryPortRefusesClientsWithoutAValidCertificate() throws Exception {
    Path tls = cluster.tlsDir();
    Path ca = tls.resolve("ca.crt");
    Path expired = certificate("expired-node", "IP:127.0.0.1,DNS:localhost", -1);
    assertRefused(TlsProbe.context(ca, null, null), "no client certificate");
    assertRefused(TlsProbe.context(ca, expired, keyOf(expired)), "an expired client certificate");
    Path foreignCa = Files.createDirectories(work.resolve("foreign"));
    run("bash", Jars.root().resolve("scripts/tls.sh").toString(), foreignCa.toString(), "datanode-1");
    assertRefused(TlsProbe.context(ca, foreignCa.resolve("datanode-1.crt"), foreignCa.resolve("datanode-1.key")),
        "a certificate from another CA");
    SSLContext node = TlsProbe.context(ca, tls.resolve("datanode-1.crt"), tls.resolve("datanode-1.key"));
    String answer = httpOverTls(node, cluster.discoveryPort(), "/health");
    assertTrue(answer.startsWith("HTTP/1.1 200"), "a node's own certificate opens the port: " + answer);
    // The certificate alone does not get meta's block-token secret: that takes a data node's token too.
    String keys = httpOverTls(node, cluster.discoveryPort(), BlockTokens.KEYS_PATH);
    assertTrue(keys.startsWith("HTTP/1.1 401"), "block keys without a token: " + keys);
    assertServing();
  }

  @Test
  void theCliRefusesAServerCertificateForAnotherHostOrOutOfDate() throws Exception {
    Path wrongName = certificate("wrong-name", "DNS:wrong.example", 30);
    Path expired = certificate("expired-server", "IP:127.0.0.1,DNS:localhost", -1);
    for (Path cert : List.of(wrongName, expired)) {
      Vertx vertx = Vertx.vertx();
      AtomicInteger requests = new AtomicInteger();
      try {
        HttpServer fake = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(keyOf(cert).toString())))
            .requestHandler(r -> {
              requests.incrementAndGet();
              r.response().end("{}");
            })
            .listen(0, "127.0.0.1").await();
        String url = "https://127.0.0.1:" + fake.actualPort();
        Path config = work.resolve(cert.getFileName() + ".client.json");
        Files.writeString(config, new JsonObject().put("authUrl", url).put("metaUrl", url).put("connectTimeout", "2s")
            .put("ioTimeout", "10s").put("tls", new JsonObject().put("ca", cluster.tlsDir().resolve("ca.crt").toString()))
            .encode());
        Path home = Files.createDirectories(work.resolve(cert.getFileName() + ".home"));
        CommandResult r = ProcessCluster.run(List.of(Jars.java(), "-jar", Jars.cli().toString(), "login", "--user",
            "alice", "--password-stdin"), Map.of("DFS_HOME", home.toString(), "DFS_CONFIG", config.toString()),
            "alice-password\n");
        assertNotEquals(0, r.exit(), r::toString);
        String[] lines = r.stderr().strip().split("\n");
        assertEquals(1, lines.length, r::toString);
        assertTrue(lines[0].toLowerCase().contains("certificate"), lines[0]);
        assertEquals(0, requests.get(), "the CLI sent its password to a server it should not trust");
      } finally {
        vertx.close().await();
      }
    }
  }

  /**
   * Hellos naming 10,000 made-up hosts at meta's client port and a data node's block port leave
   * their live heaps and open files as they were (the shape of CVE-2024-1300, where each name
   * grew a cache).
   */
  @Test
  void aFloodOfHellosWithMadeUpServerNamesLeavesHeapAndFilesAsTheyWere() throws Exception {
    List<ServerProcess> servers = List.of(cluster.server("meta"), cluster.server("datanode-1"));
    List<Integer> ports = List.of(cluster.metaPort(), cluster.dataPort(1));
    for (int i = 0; i < 2; i++) {
      hellos(ports.get(i), 500);
    }
    ProcessFootprint.assertSteadyAcross("sni_flood", servers, () -> {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> floods = new ArrayList<>();
        for (int port : ports) {
          floods.add(pool.submit(() -> hellos(port, FLOOD_HELLOS)));
        }
        for (Future<?> f : floods) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    });
    assertServing();
  }

  /**
   * 10,000 garbage datagrams a second for 10 s at meta's heartbeat port (random bytes, empty,
   * oversized, forged for the real node) evict nobody; meta's CPU over the flood is printed.
   */
  @Test
  void aFloodOfGarbageHeartbeatsEvictsNobody() throws Exception {
    long pid = cluster.server("meta").pid();
    String nodeId = cluster.clusterState().getJsonArray("nodes").getJsonObject(0).getString("id");
    byte[] wrongKey = new byte[32];
    new Random(3).nextBytes(wrongKey);
    byte[] forged = HeartbeatCodec.encode(new Heartbeat(nodeId, Long.MAX_VALUE - 1, 0, 1L << 50, 0,
        System.currentTimeMillis()), wrongKey).getBytes();
    byte[] garbage = new byte[300];
    new Random(4).nextBytes(garbage);
    byte[] oversized = new byte[65_507];
    byte[] empty = new byte[0];
    long droppedBefore = heartbeats("malformed") + heartbeats("bad_hmac");
    long cpuBefore = cpuTicks(pid);
    long started = System.nanoTime();
    long sent = 0;
    try (DatagramSocket socket = new DatagramSocket()) {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      for (int tick = 0; tick < 1000; tick++) {
        for (int i = 0; i < 100; i++) {
          // One oversized datagram per tick: it is there for the size check, not for bandwidth.
          byte[] d = i == 0 ? oversized : i % 3 == 0 ? forged : i % 2 == 0 ? empty : garbage;
          socket.send(new DatagramPacket(d, d.length, loopback, cluster.heartbeatPort()));
          sent++;
        }
        long due = started + (tick + 1) * 10_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cores = (cpuTicks(pid) - cpuBefore) / 100.0 / seconds;
    long dropped = heartbeats("malformed") + heartbeats("bad_hmac") - droppedBefore;
    System.out.printf("udp_flood datagrams %d seconds %.1f dropped_and_counted %d meta_cpu_cores %.2f%n", sent, seconds,
        dropped, cores);
    JsonObject node = cluster.clusterState().getJsonArray("nodes").getJsonObject(0);
    assertEquals("live", node.getString("state"), node::encode);
    assertEquals(0, Http.metric(cluster.metaUrl() + "/metrics", cluster.opsToken(), "dfs_meta_evictions_total"));
    assertServing();
  }

  static long heartbeats(String outcome) {
    return Http.metric(cluster.metaUrl() + "/metrics", cluster.opsToken(), "dfs_meta_heartbeats_total{outcome=\"" + outcome + "\"}");
  }

  /** User plus system CPU time of a process, in clock ticks (1/100 s on Linux). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * A9: 10,000 bad HTTP requests at meta (bad tokens, malformed and oversized bodies, unknown
   * files) and 10,000 bad block requests at a data node, over TLS, each answered with its error;
   * afterwards both servers' live heaps and open files are where they were and they still serve.
   */
  @Test
  void tenThousandBadRequestsLeaveHeapAndFilesAsTheyWere() throws Exception {
    cluster.addUser("mallory", "mallory-password");
    String token = Http.login(cluster.authUrl(), "mallory", "mallory-password");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(TlsProbe.context(cluster.tlsDir().resolve("ca.crt"), null, null)).build();
    SSLContext blocks = TlsProbe.context(cluster.tlsDir().resolve("ca.crt"), null, null);
    List<ServerProcess> servers = List.of(cluster.server("meta"), cluster.server("datanode-1"));
    badHttp(http, token, 200);
    badBlocks(blocks, token, 200);
    ProcessFootprint.assertSteadyAcross("bad_requests", servers, () -> {
      badHttp(http, token, 10_000);
      badBlocks(blocks, token, 10_000);
    });
    assertServing();
  }

  /** {@code count} bad requests at meta's client API, each checked for its status. */
  static void badHttp(HttpClient http, String token, int count) throws Exception {
    String api = cluster.metaUrl() + "/v1/files";
    byte[] oversized = new byte[2 * 1024 * 1024];
    for (int i = 0; i < count; i++) {
      HttpRequest.Builder r;
      int expected;
      switch (i % 4) {
        case 0 -> {
          r = HttpRequest.newBuilder(URI.create(api)).header("Authorization", "Bearer garbage." + i);
          expected = 401;
        }
        case 1 -> {
          r = HttpRequest.newBuilder(URI.create(api)).header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\", \"size\": "));
          expected = 400;
        }
        case 2 -> {
          r = HttpRequest.newBuilder(URI.create(api + "/" + UUID.randomUUID()))
              .header("Authorization", "Bearer " + token);
          expected = 404;
        }
        default -> {
          r = HttpRequest.newBuilder(URI.create(api)).header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofByteArray(i % 100 == 3 ? oversized : new byte[] {'['}));
          expected = i % 100 == 3 ? 413 : 400;
        }
      }
      HttpResponse<String> answer = http.send(r.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      int n = i;
      assertEquals(expected, answer.statusCode(), () -> "request " + n + ": " + answer.body());
    }
  }

  /** {@code count} bad block requests on one TLS connection, each answered with an ERROR frame. */
  static void badBlocks(SSLContext context, String token, int count) throws Exception {
    try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", cluster.dataPort(1))) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      for (int i = 0; i < count; i++) {
        JsonObject header = new JsonObject().put("v", 1).put("auth", i % 2 == 0 ? token : "garbage")
            .put("blockId", i % 3 == 0 ? "../" + i : UUID.randomUUID().toString()).put("blockToken", "x");
        byte[] json = header.encode().getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.writeByte(BlockProtocol.TYPE_GET_BLOCK);
        out.write(json);
        out.flush();
        int length = in.readInt();
        byte type = in.readByte();
        in.readNBytes(length);
        assertEquals(BlockProtocol.TYPE_ERROR, type, "request " + i);
      }
    }
  }

  /** {@code count} TLS 1.2 hellos, each on its own connection with a random server name. */
  static void hellos(int port, int count) {
    try {
      for (int i = 0; i < count; i++) {
        String name = UUID.randomUUID().toString().substring(0, 18) + ".flood.example";
        Answer a = TlsProbe.send(port, TlsProbe.clientHello(TlsProbe.TLS_1_2, name));
        assertEquals(Answer.SERVER_HELLO, a, "hello " + i);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A certificate signed by the cluster's CA for {@code san}, valid for {@code days} (negative: expired). */
  static Path certificate(String name, String san, int days) throws Exception {
    Path dir = cluster.tlsDir();
    Path key = dir.resolve(name + ".key");
    Path csr = work.resolve(name + ".csr");
    Path ext = work.resolve(name + ".ext");
    Path crt = dir.resolve(name + ".crt");
    Files.writeString(ext, "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth,clientAuth\n");
    run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    run("openssl", "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
    run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", dir.resolve("ca.crt").toString(), "-CAkey",
        dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", Integer.toString(days), "-extfile",
        ext.toString(), "-out", crt.toString());
    return crt;
  }

  static Path keyOf(Path cert) {
    return cert.resolveSibling(cert.getFileName().toString().replace(".crt", ".key"));
  }

  static void run(String... command) {
    CommandResult r = ProcessCluster.run(List.of(command), Map.of(), null);
    assertEquals(0, r.exit(), () -> String.join(" ", command) + ": " + r);
  }

  /** The discovery port does not let this context's client through to an HTTP answer. */
  static void assertRefused(SSLContext context, String what) {
    String answer;
    try {
      answer = httpOverTls(context, cluster.discoveryPort(), "/health");
    } catch (IOException e) {
      return;
    }
    assertFalse(answer.startsWith("HTTP/"), "the discovery port answered a client with " + what + ": " + answer);
  }

  /** The status line of a GET for {@code path} over TLS, or "" if the server closed first. */
  static String httpOverTls(SSLContext context, int port, String path) throws IOException {
    try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        line.append((char) b);
      }
      return line.toString().strip();
    }
  }
}
