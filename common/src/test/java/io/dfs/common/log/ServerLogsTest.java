package io.dfs.common.log;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ServerLogsTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Level rootLevel = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();

  @AfterEach
  void restore() {
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(rootLevel);
    context.putProperty(ServerLogs.NODE_ID_PROPERTY, null);
  }

  @Test
  void theConfiguredLevelTakesEffectAndNoneKeepsTheFilesLevel() {
    Logger log = LoggerFactory.getLogger("server-logs-test");
    ServerLogs.level("WARN");
    assertFalse(log.isInfoEnabled());
    ServerLogs.level(null);
    assertFalse(log.isInfoEnabled(), "no level configured: as before");
    ServerLogs.level("DEBUG");
    assertTrue(log.isDebugEnabled());
    assertFalse(log.isTraceEnabled());
  }

  @Test
  void theNodeIdIsOnLinesFromEventLoopsAndWorkers() {
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern("node=%property{dfs.nodeId} [%thread] %msg");
    layout.start();
    // Laid out as a console appender does it: on the thread that logs.
    List<String> lines = new CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        lines.add(layout.doLayout(event));
      }
    };
    appender.setContext(context);
    appender.start();
    ch.qos.logback.classic.Logger log = context.getLogger("server-logs-test-node");
    log.addAppender(appender);
    log.setAdditive(false);

    ServerLogs.nodeId("dn-7");
    Vertx vertx = Vertx.vertx();
    try {
      vertx.executeBlocking(() -> {
        log.info("on a worker");
        return null;
      }).onSuccess(v -> log.info("on an event loop")).await();
    } finally {
      vertx.close().await();
      log.detachAppender(appender);
    }

    assertEquals(2, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("node=dn-7 [vert.x-worker-thread-"), lines.get(0));
    assertTrue(lines.get(1).startsWith("node=dn-7 [vert.x-eventloop-thread-"), lines.get(1));
  }
}
