package io.dfs.common.error;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger log = context.getLogger("failure-log-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.setContext(context);
    lines.start();
    log.addAppender(lines);
    log.setAdditive(false);
    log.setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    log.detachAppender(lines);
  }

  @Test
  void expectedRefusalsAreOneInfoLineWithoutStackTrace() {
    FailureLog.answered(log, "http_refused", "method=GET path=/v1/files/a",
        DfsException.notFound("no file named 'a\nevent=forged'"));

    assertEquals(1, lines.list.size());
    ILoggingEvent line = lines.list.get(0);
    assertEquals(Level.INFO, line.getLevel());
    assertNull(line.getThrowableProxy());
    assertEquals("event=http_refused method=GET path=/v1/files/a code=not_found message=\"no file named 'a?event=forged'\"",
        line.getFormattedMessage());
  }

  @Test
  void theServersOwnTroubleIsAWarningStillWithoutStackTrace() {
    FailureLog.answered(log, "block_refused", "type=PUT_BLOCK", new DfsException(ErrorCode.NO_SPACE, "disk full"));

    assertEquals(Level.WARN, lines.list.get(0).getLevel());
    assertNull(lines.list.get(0).getThrowableProxy());
  }

  @Test
  void unexpectedFailuresKeepTheirStackTrace() {
    FailureLog.answered(log, "http_refused", "method=POST path=/v1/files",
        DfsException.of(new IOException("disk on fire")));

    ILoggingEvent line = lines.list.get(0);
    assertEquals(Level.ERROR, line.getLevel());
    assertEquals("disk on fire", line.getThrowableProxy().getMessage());
    assertTrue(line.getThrowableProxy().getStackTraceElementProxyArray().length > 0);
  }

  @Test
  void authenticationDecisionsAreLeftToTheAuditTrail() {
    FailureLog.answered(log, "http_refused", "method=GET path=/", DfsException.unauthorized("no").audited());
    FailureLog.answered(log, "http_refused", "method=GET path=/", DfsException.forbidden("no").audited());
    for (ErrorCode login : new ErrorCode[] {ErrorCode.BAD_CREDENTIALS, ErrorCode.RATE_LIMITED, ErrorCode.ACCOUNT_LOCKED}) {
      FailureLog.answered(log, "http_refused", "method=POST path=/v1/token", new DfsException(login, "no"));
    }
    assertEquals(0, lines.list.size(), () -> lines.list.toString());
  }

  @Test
  void aRefusalNoAuditLineRecordedIsLogged() {
    FailureLog.answered(log, "http_refused", "method=POST path=/v1/nodes/join",
        DfsException.forbidden("node-2 may not speak for node-1"));

    assertEquals(1, lines.list.size());
    assertEquals(Level.INFO, lines.list.get(0).getLevel());
    assertTrue(lines.list.get(0).getFormattedMessage().contains("code=forbidden"));
  }
}
