package io.dfs.meta;

import java.util.UUID;

/**
 * Event-bus addresses one meta server's verticles talk over. Each server gets its own, so that
 * two servers sharing a Vert.x instance (as in tests) never answer each other.
 *
 * @param join asks the node-health owner to admit a node: a {@code NodeRegistration} JSON, answered
 *     with {@code {"heartbeatKey": base64, "kind"}}
 * @param reclaim tells the block reclaimer that garbage is waiting (no answer)
 * @param repair tells the replication scheduler that a block's replicas may need work (no answer)
 * @param replicasAdded published when a block report or a JOIN adds replicas, to commits waiting for
 *     them (no body, no answer)
 */
public record BusAddresses(String join, String reclaim, String repair, String replicasAdded) {
  public static BusAddresses unique() {
    String prefix = "dfs.meta." + UUID.randomUUID() + ".";
    return new BusAddresses(prefix + "join", prefix + "reclaim", prefix + "repair", prefix + "replicasAdded");
  }
}
