package io.dfs.meta.discovery;

import io.dfs.common.ids.BlockIds;
import io.dfs.meta.http.JsonFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/nodes/{nodeId}/blocks}: {@code {"received":[{"blockId","length","crc32c"}],"deleted":[blockId...]}}. */
record BlockReport(List<ReportedBlock> received, List<String> deleted) {
  static BlockReport parse(JsonObject body) {
    List<ReportedBlock> received = ReportedBlock.listOf(body, "received");
    JsonArray arr = JsonFields.optionalArray(body, "deleted");
    List<String> deleted = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      deleted.add(BlockIds.require(arr.getValue(i)));
    }
    return new BlockReport(received, deleted);
  }
}
