package io.dfs.common.fault;

import java.util.Arrays;
import java.util.Set;

/**
 * Named moments at which a test may kill this process, the way a power cut or {@code kill -9}
 * would: {@code -Ddfs.faults=dn.put.midStream,meta.commit.afterLog}. Without the property every
 * {@link #hit} is a no-op. The process halts with status 137 (as after SIGKILL): no shutdown hooks,
 * no flushing, no closing of files, so what survives is exactly what was made durable.
 *
 * <p>Points in use: {@code dn.put.midStream} (primary, half a block received),
 * {@code dn.replica.midStream} (a downstream replica, half a block received),
 * {@code dn.put.beforeClientAck} (primary, everything durable and acknowledged downstream, before
 * its own ACK), {@code dn.get.midStream} (half a block sent), {@code dn.copy.send.mid} (source of a
 * re-replication, half sent), {@code dn.copy.recv.mid} (target of a re-replication, half received),
 * {@code meta.commit.beforeLog} and {@code meta.commit.afterLog} (around the durable commit write).
 */
public final class FaultPoint {
  /** The system property listing the enabled points, comma-separated. */
  public static final String PROPERTY = "dfs.faults";
  private static final Set<String> ENABLED = parse(System.getProperty(PROPERTY, ""));

  private FaultPoint() {}

  /** Halts the process now if {@code name} is enabled. */
  public static void hit(String name) {
    if (ENABLED.contains(name)) {
      System.err.println("fault point " + name + " reached: halting with 137");
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  /** True if {@code name} is enabled; for code that must prepare before the point (e.g. count bytes). */
  public static boolean enabled(String name) {
    return ENABLED.contains(name);
  }

  static Set<String> parse(String property) {
    return Set.copyOf(Arrays.stream(property.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
  }
}
