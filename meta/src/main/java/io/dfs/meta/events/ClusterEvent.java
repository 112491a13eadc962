package io.dfs.meta.events;

import io.vertx.core.json.JsonObject;

/**
 * One entry of the event log.
 *
 * @param seq its place in the log: 1 for the first event since meta started, then one more each
 * @param timeMs when it was recorded, epoch milliseconds
 * @param message one line for a person
 * @param fields the details a program reads; a copy nobody else holds
 */
public record ClusterEvent(long seq, long timeMs, EventKind kind, String message, JsonObject fields) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("seq", seq)
        .put("time", timeMs)
        .put("kind", kind.wireName())
        .put("message", message)
        .put("fields", fields.copy());
  }
}
