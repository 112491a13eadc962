package io.dfs.cli.client;

import io.vertx.core.json.JsonObject;

/** Meta's answer to a delete: which file went, by id and by name, whichever the caller gave. */
public record DeletedFile(String id, String name) {
  private static final String WHAT = "a delete";

  static DeletedFile fromJson(JsonObject json) {
    return new DeletedFile(JsonFields.string(json, "id", WHAT), JsonFields.string(json, "name", WHAT));
  }
}
