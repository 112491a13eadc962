package io.dfs.meta.http;

import io.dfs.common.error.DfsException;
import io.dfs.meta.events.ClusterEvent;
import io.dfs.meta.events.EventLog;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/v1/events[?since=SEQ]}: {@code {"events":[{"seq","time","kind","message","fields"}],
 * "lastSeq","missed","capacity","boot"}}, the events after {@code since} (default 0: all the log
 * holds), oldest first. A reader polls with the {@code lastSeq} it got; a {@code boot} other than
 * the one it saw means meta restarted and numbers from 1 again, so it asks again from 0.
 * {@code missed} counts events after {@code since} the log dropped before they were read.
 */
final class EventsHandler implements Handler<RoutingContext> {
  private final EventLog events;

  EventsHandler(EventLog events) {
    this.events = events;
  }

  @Override
  public void handle(RoutingContext ctx) {
    EventLog.Page page = events.since(since(ctx.queryParam("since")));
    JsonArray list = new JsonArray();
    for (ClusterEvent e : page.events()) {
      list.add(e.toJson());
    }
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(new JsonObject()
        .put("events", list)
        .put("lastSeq", page.lastSeq())
        .put("missed", page.missed())
        .put("capacity", events.capacity())
        .put("boot", events.boot()));
  }

  private static long since(List<String> values) {
    if (values.isEmpty()) {
      return 0;
    }
    if (values.size() > 1) {
      throw DfsException.badRequest("give 'since' once");
    }
    String v = values.get(0);
    if (v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw DfsException.badRequest("'since' must be a sequence number (a non-negative integer)");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw DfsException.badRequest("'since' is out of range");
    }
  }
}
