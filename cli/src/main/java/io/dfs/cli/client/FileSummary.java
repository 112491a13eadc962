package io.dfs.cli.client;

import io.vertx.core.json.JsonObject;

/** One entry of {@code GET /v1/files}; {@code createdAt} in epoch milliseconds. */
public record FileSummary(String id, String name, long size, long blocks, long createdAt) {
  private static final String WHAT = "a file list";

  static FileSummary fromJson(JsonObject json) {
    return new FileSummary(
        JsonFields.string(json, "id", WHAT),
        JsonFields.string(json, "name", WHAT),
        JsonFields.number(json, "size", WHAT),
        JsonFields.optionalNumber(json, "blocks", 0, WHAT),
        JsonFields.optionalNumber(json, "createdAt", 0, WHAT));
  }
}
