package io.dfs.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Hand-built TLS ClientHellos, for what a JDK client will not send (TLS 1.0 and 1.1 hellos, a
 * flood of made-up server names), and what the server's first answer was.
 */
final class TlsProbe {
  static final int TLS_1_0 = 0x0301;
  static final int TLS_1_1 = 0x0302;
  static final int TLS_1_2 = 0x0303;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The server's first record: the start of a handshake, an alert, or nothing before it closed. */
  enum Answer { SERVER_HELLO, ALERT, CLOSED, OTHER }

  private TlsProbe() {}

  /**
   * A ClientHello offering only {@code version} (no supported_versions extension, so no TLS 1.3),
   * with ECDSA cipher suites the cluster's EC certificates can serve, and {@code serverName} as
   * SNI unless null.
   */
  static byte[] clientHello(int version, String serverName) {
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    if (serverName != null) {
      byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
      ByteArrayOutputStream sni = new ByteArrayOutputStream();
      u16(sni, name.length + 3);
      sni.write(0);
      u16(sni, name.length);
      sni.writeBytes(name);
      extension(ext, 0x0000, sni.toByteArray());
    }
    extension(ext, 0x000a, new byte[] {0, 4, 0x00, 0x17, 0x00, 0x1d});
    extension(ext, 0x000b, new byte[] {1, 0});
    extension(ext, 0x000d, new byte[] {0, 6, 0x04, 0x03, 0x05, 0x03, 0x08, 0x04});
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    u16(body, version);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    body.writeBytes(random);
    body.write(0);
    int[] suites = {0xc02b, 0xc02c, 0xc009, 0xc00a};
    u16(body, suites.length * 2);
    for (int s : suites) {
      u16(body, s);
    }
    body.write(1);
    body.write(0);
    byte[] extensions = ext.toByteArray();
    u16(body, extensions.length);
    body.writeBytes(extensions);
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(0x16);
    u16(record, TLS_1_0);
    u16(record, hello.length + 4);
    record.write(0x01);
    record.write(hello.length >>> 16);
    u16(record, hello.length & 0xffff);
    record.writeBytes(hello);
    return record.toByteArray();
  }

  /** Sends {@code bytes} on a new connection and classifies what comes back first. */
  static Answer send(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      byte[] head = readUpTo(s.getInputStream(), 6);
      if (head.length == 0) {
        return Answer.CLOSED;
      }
      if (head.length == 6 && head[0] == 0x16 && head[5] == 0x02) {
        return Answer.SERVER_HELLO;
      }
      return head[0] == 0x15 ? Answer.ALERT : Answer.OTHER;
    }
  }

  /** Whatever a plaintext request gets back, decoded as text (empty if the server just closed). */
  static String plaintextAnswer(int port, byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request);
      return new String(readUpTo(s.getInputStream(), 64), StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] readUpTo(InputStream in, int n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      while (out.size() < n) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither answered nor closed within 10 s", e);
    } catch (IOException e) {
      // A reset after an alert still tells what came first.
    }
    return out.toByteArray();
  }

  /** A TLS context trusting {@code ca}, presenting {@code cert}/{@code key} (PEM) if given. */
  static SSLContext context(Path ca, Path cert, Path key) throws Exception {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      trust.setCertificateEntry("ca", x509.generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (cert != null) {
      KeyStore identity = KeyStore.getInstance("PKCS12");
      identity.load(null, null);
      Certificate c;
      try (InputStream in = Files.newInputStream(cert)) {
        c = x509.generateCertificate(in);
      }
      identity.setKeyEntry("me", pemKey(key), new char[0], new Certificate[] {c});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(identity, new char[0]);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static PrivateKey pemKey(Path key) throws Exception {
    String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    u16(out, type);
    u16(out, data.length);
    out.writeBytes(data);
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v & 0xff);
  }
}
