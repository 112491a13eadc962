package io.dfs.common.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server process sets in its logging once its config is read: the level, and for a data
 * node its id, which every line then carries ({@code %property{dfs.nodeId}} in its
 * {@code logback.xml}). Both are process-wide, so only a server's {@code main} calls this; servers
 * sharing a JVM (the in-process test cluster) leave the logging as it is.
 */
public final class ServerLogs {
  /** The logback context property a data node's log pattern prints. */
  public static final String NODE_ID_PROPERTY = "dfs.nodeId";

  private ServerLogs() {}

  /**
   * Sets the root level to {@code level} (TRACE, DEBUG, INFO, WARN, ERROR or OFF); null keeps the
   * level {@code logback.xml} chose. Loggers given a level of their own there (Netty, Vert.x) keep it.
   */
  public static void level(String level) {
    LoggerContext context = logback();
    if (level != null && context != null) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.valueOf(level));
    }
  }

  /** Puts {@code nodeId} on every line logged from now on, from any thread. */
  public static void nodeId(String nodeId) {
    LoggerContext context = logback();
    if (context != null) {
      context.putProperty(NODE_ID_PROPERTY, nodeId);
    }
  }

  /** Logback's context, or null when another SLF4J binding is in use (then there is nothing to set). */
  private static LoggerContext logback() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory instanceof LoggerContext context ? context : null;
  }
}
