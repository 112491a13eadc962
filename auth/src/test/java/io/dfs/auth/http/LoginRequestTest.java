package io.dfs.auth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LoginRequestTest {
  @Test
  void readsAUserLogin() {
    assertEquals(new LoginRequest(LoginRequest.Kind.USER, "alice", "pw"),
        LoginRequest.parse(new JsonObject().put("username", "alice").put("password", "pw")));
  }

  @Test
  void readsAServiceLogin() {
    assertEquals(new LoginRequest(LoginRequest.Kind.SERVICE, "datanode-1", "s"),
        LoginRequest.parse(new JsonObject().put("nodeId", "datanode-1").put("secret", "s")));
  }

  @Test
  void refusesMalformedLoginsAsBadRequests() {
    for (JsonObject body : new JsonObject[] {
        new JsonObject(),
        new JsonObject().put("username", "alice"),
        new JsonObject().put("password", "pw"),
        new JsonObject().put("username", "alice").put("password", 42),
        new JsonObject().put("username", "").put("password", "pw"),
        new JsonObject().put("username", "alice").put("password", "x".repeat(1025)),
        new JsonObject().put("username", "alice").put("password", "pw").put("nodeId", "n").put("secret", "s"),
        new JsonObject().put("nodeId", "n")}) {
      DfsException e = assertThrows(DfsException.class, () -> LoginRequest.parse(body), body.encode());
      assertEquals(ErrorCode.BAD_REQUEST, e.code(), body.encode());
    }
  }

  @Test
  void neverShowsTheSecret() {
    LoginRequest login = LoginRequest.parse(new JsonObject().put("username", "alice").put("password", "hunter2"));
    assertFalse(login.toString().contains("hunter2"));
  }
}
