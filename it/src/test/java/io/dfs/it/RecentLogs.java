package io.dfs.it;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * A logback appender (see {@code logback-test.xml}) that keeps the last lines logged in this JVM, so
 * a failure report can show what each in-process server said just before the failure.
 */
public final class RecentLogs extends AppenderBase<ILoggingEvent> {
  private static final int KEPT = 2000;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());
  private static final Deque<Line> LINES = new ArrayDeque<>();
  private static long appended;

  private record Line(long number, String thread, String text) {}

  @Override
  protected void append(ILoggingEvent event) {
    // The thread name is read here, on the logging thread: logback fills it in lazily.
    String thread = event.getThreadName();
    StringBuilder text = new StringBuilder(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .append(' ').append(event.getLevel()).append(" [").append(thread).append("] ")
        .append(event.getLoggerName().substring(event.getLoggerName().lastIndexOf('.') + 1)).append(' ')
        .append(event.getFormattedMessage());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      text.append(" (").append(thrown.getClassName()).append(": ").append(thrown.getMessage()).append(')');
    }
    synchronized (LINES) {
      if (LINES.size() == KEPT) {
        LINES.removeFirst();
      }
      LINES.addLast(new Line(appended++, thread, text.toString()));
    }
  }

  /** Where the log is now, for {@link #latest} to start from. */
  static long mark() {
    synchronized (LINES) {
      return appended;
    }
  }

  /**
   * Up to {@code max} of the latest lines logged since {@code mark} by threads whose name starts with
   * {@code threadPrefix}, oldest first.
   */
  static List<String> latest(String threadPrefix, long mark, int max) {
    List<String> picked = new ArrayList<>();
    synchronized (LINES) {
      Iterator<Line> newestFirst = LINES.descendingIterator();
      while (newestFirst.hasNext() && picked.size() < max) {
        Line l = newestFirst.next();
        if (l.number() < mark) {
          break;
        }
        if (l.thread().startsWith(threadPrefix)) {
          picked.add(l.text());
        }
      }
    }
    Collections.reverse(picked);
    return picked;
  }
}
