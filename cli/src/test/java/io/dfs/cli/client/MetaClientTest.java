package io.dfs.cli.client;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.cli.testsupport.StubMetaServer;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetaClientTest {
  private Vertx vertx;
  private StubMetaServer server;
  private JsonHttpClient http;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Map<String, Buffer> disk = new ConcurrentHashMap<>();
    server = StubMetaServer.start(vertx, List.of(), 64 * 1024, disk);
    http = new JsonHttpClient(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void encodesANameAsOnePathSegment() {
    assertEquals("a%2Fb%2Fc.txt", MetaClient.segment("a/b/c.txt"));
    assertEquals("my%20file%20%281%29.txt", MetaClient.segment("my file (1).txt"));
    assertEquals("%E6%97%A5%E6%9C%AC%2F%C3%BC.txt", MetaClient.segment("日本/ü.txt"));
    assertEquals("100%25%3F%23%26%2B", MetaClient.segment("100%?#&+"));
    assertEquals("%2E%2E", MetaClient.segment(".."));
    assertEquals("%2E", MetaClient.segment("."));
    assertEquals("0f8fad5b-d9cb-469f-a165-70867728950e", MetaClient.segment("0f8fad5b-d9cb-469f-a165-70867728950e"));
  }

  @Test
  void namesWithSlashesSpacesAndUnicodeTravelAsOneSegmentAndComeBack() {
    MetaClient meta = new MetaClient(vertx, http, server.url() + "/", "token-of-alice");
    String name = "reports/2024 Q1/résumé 日本.txt";
    UploadPlan plan = meta.create(name, 0, null).await();
    meta.commit(plan.fileId(), List.of()).await();

    FileInfo file = meta.lookup(name).await();

    assertEquals(plan.fileId(), file.id());
    assertEquals(name, file.name());
    String expected = "GET /v1/files/reports%2F2024%20Q1%2Fr%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.txt";
    assertTrue(server.requests().contains(expected), server.requests().toString());
    assertEquals(new DeletedFile(plan.fileId(), name), meta.delete(name).await());
  }

  @Test
  void anUnknownFileIsNamedInTheError() {
    MetaClient meta = new MetaClient(vertx, http, server.url(), "token-of-alice");
    DfsException e = assertInstanceOf(DfsException.class,
        assertThrows(Throwable.class, () -> meta.lookup("nope.txt").await()));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals("no such file: nope.txt", e.getMessage());
  }

  @Test
  void aRefusedTokenAsksTheUserToLogIn() {
    MetaClient meta = new MetaClient(vertx, http, server.url(), "forged");
    Throwable e = assertThrows(Throwable.class, () -> meta.list().await());
    assertEquals(TokenCache.NOT_LOGGED_IN, e.getMessage());
  }

  @Test
  void anUnreachableMetaSaysWhere() {
    String url = server.url();
    server.close();
    MetaClient meta = new MetaClient(vertx, http, url, "token-of-alice");
    ServiceUnreachableException e = assertInstanceOf(ServiceUnreachableException.class,
        assertThrows(Throwable.class, () -> meta.cluster().await()));
    assertEquals("meta", e.service());
    assertEquals(url, e.url());
  }

  @Test
  void wrongCredentialsGetOneMessageForBothCases() {
    server.user("alice", "secret");
    AuthClient auth = new AuthClient(vertx, http, server.url());
    assertEquals("token-of-alice", auth.login("alice", "secret").await().token());
    for (String[] creds : new String[][] {{"alice", "wrong"}, {"mallory", "secret"}}) {
      DfsException e = assertInstanceOf(DfsException.class,
          assertThrows(Throwable.class, () -> auth.login(creds[0], creds[1]).await()));
      assertEquals(ErrorCode.BAD_CREDENTIALS, e.code());
      assertEquals(AuthClient.BAD_CREDENTIALS, e.getMessage());
    }
  }
}
