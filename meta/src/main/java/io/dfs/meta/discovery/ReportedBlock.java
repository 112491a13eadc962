package io.dfs.meta.discovery;

import io.dfs.common.ids.BlockIds;
import io.dfs.meta.http.JsonFields;
import io.dfs.meta.namespace.ReplicaMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A replica a data node says it holds: {@code {"blockId","length","crc32c"}}. */
record ReportedBlock(String blockId, long length, long crc32c) {
  ReplicaMap.Replica replica() {
    return new ReplicaMap.Replica(length, crc32c);
  }

  /** Every element of the array field {@code key}, validated; a missing field is an empty list. */
  static List<ReportedBlock> listOf(JsonObject body, String key) {
    JsonArray arr = JsonFields.optionalArray(body, key);
    List<ReportedBlock> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      JsonObject b = JsonFields.objectAt(arr, key, i);
      out.add(new ReportedBlock(
          BlockIds.require(b.getValue("blockId")),
          JsonFields.requiredLong(b, "length", 0, Long.MAX_VALUE),
          JsonFields.requiredLong(b, "crc32c", 0, JsonFields.MAX_CRC32C)));
    }
    return out;
  }

  static List<String> ids(List<ReportedBlock> blocks) {
    List<String> ids = new ArrayList<>(blocks.size());
    blocks.forEach(b -> ids.add(b.blockId()));
    return ids;
  }
}
