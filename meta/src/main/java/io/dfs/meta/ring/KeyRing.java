package io.dfs.meta.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A consistent-hash ring of data nodes. Each node sits at {@code virtualNodes} points of a
 * {@link TreeMap} (a red-black tree) keyed by the first 8 bytes of the MD5 of {@code nodeId#i}.
 * A block's primary is the first point clockwise of the hash of its id; its other replicas are the
 * next distinct nodes clockwise, wrapping around. Placement is a pure function of the set of nodes,
 * so adding or removing one node moves only about {@code 1/n} of the blocks.
 *
 * <p>A ring is not thread-safe while it is being changed. {@link #snapshot()} gives an immutable
 * copy that any thread may read.
 */
public final class KeyRing {
  private final int virtualNodes;
  private final TreeMap<Long, String> points;
  private final boolean frozen;

  public KeyRing(int virtualNodes) {
    this(virtualNodes, new TreeMap<>(), false);
  }

  private KeyRing(int virtualNodes, TreeMap<Long, String> points, boolean frozen) {
    if (virtualNodes <= 0) {
      throw new IllegalArgumentException("virtualNodes must be positive");
    }
    this.virtualNodes = virtualNodes;
    this.points = points;
    this.frozen = frozen;
  }

  /** Places a node on the ring; adding a node that is already there changes nothing. */
  public void add(String nodeId) {
    checkMutable();
    for (int i = 0; i < virtualNodes; i++) {
      // Two nodes hashing to the same point is astronomically unlikely; the first keeps it so
      // that the outcome does not depend on the order of later calls.
      points.putIfAbsent(hash(nodeId + "#" + i), nodeId);
    }
  }

  /** Takes a node off the ring; removing an absent node changes nothing. */
  public void remove(String nodeId) {
    checkMutable();
    points.values().removeIf(nodeId::equals);
  }

  public boolean contains(String nodeId) {
    return points.containsValue(nodeId);
  }

  /** The distinct nodes on the ring. */
  public Set<String> nodes() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(points.values()));
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /**
   * Up to {@code n} distinct nodes for a block, primary first: the node of the first point
   * clockwise of the block's hash, then the next distinct nodes clockwise, skipping nodes for
   * which {@code excluded} is true. Fewer than {@code n} only when the ring has fewer eligible
   * nodes.
   */
  public List<String> replicas(String blockId, int n, Predicate<String> excluded) {
    List<String> out = new ArrayList<>(Math.max(0, Math.min(n, 8)));
    if (n <= 0 || points.isEmpty()) {
      return out;
    }
    Set<String> seen = new LinkedHashSet<>();
    long h = hash(blockId);
    if (collect(points.tailMap(h, true), n, excluded, seen, out)) {
      return out;
    }
    collect(points.headMap(h, false), n, excluded, seen, out);
    return out;
  }

  public List<String> replicas(String blockId, int n) {
    return replicas(blockId, n, id -> false);
  }

  /** Every node of the ring in this block's clockwise order: the order replicas are read in. */
  public List<String> order(String blockId) {
    return replicas(blockId, Integer.MAX_VALUE, id -> false);
  }

  private static boolean collect(NavigableMap<Long, String> range, int n, Predicate<String> excluded,
      Set<String> seen, List<String> out) {
    for (Map.Entry<Long, String> e : range.entrySet()) {
      String node = e.getValue();
      if (seen.add(node) && !excluded.test(node)) {
        out.add(node);
        if (out.size() == n) {
          return true;
        }
      }
    }
    return false;
  }

  /** An immutable copy of the ring as it is now. */
  public KeyRing snapshot() {
    return frozen ? this : new KeyRing(virtualNodes, new TreeMap<>(points), true);
  }

  private void checkMutable() {
    if (frozen) {
      throw new UnsupportedOperationException("a ring snapshot cannot be changed");
    }
  }

  /** The ring position of a key: the first 8 bytes of its MD5, big-endian. */
  static long hash(String key) {
    byte[] d = md5().digest(key.getBytes(StandardCharsets.UTF_8));
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (d[i] & 0xff);
    }
    return h;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every Java runtime", e);
    }
  }
}
