package io.dfs.datanode.membership;

import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.ids.BlockIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinAnswerTest {
  private static JsonObject valid() {
    return new JsonObject().put("heartbeatIntervalMs", 1000).put("heartbeatPort", 7102)
        .put("heartbeatKey", Base64.getEncoder().encodeToString(new byte[32])).put("delete", new JsonArray());
  }

  @Test
  void parsesMetasAnswer() {
    String id = BlockIds.newId();
    JoinAnswer a = JoinAnswer.parse(valid().put("delete", new JsonArray().add(id).add("../x").add(7)));
    assertEquals(1000, a.heartbeatIntervalMs());
    assertEquals(7102, a.heartbeatPort());
    assertEquals(32, a.heartbeatKey().length);
    assertEquals(List.of(id), a.delete(), "only canonical ids are ever deleted");
  }

  @Test
  void refusesAnAnswerItCannotHeartbeatWith() {
    JsonObject noPort = valid();
    noPort.remove("heartbeatPort");
    List<JsonObject> bad = List.of(
        valid().put("heartbeatIntervalMs", 0),
        valid().put("heartbeatIntervalMs", "1s"),
        noPort,
        valid().put("heartbeatPort", 70000),
        valid().put("heartbeatKey", "%%%"),
        valid().put("heartbeatKey", Base64.getEncoder().encodeToString(new byte[4])),
        valid().putNull("heartbeatKey"));
    for (JsonObject answer : bad) {
      assertThrows(IllegalArgumentException.class, () -> JoinAnswer.parse(answer), answer::encode);
    }
  }
}
