package io.dfs.cli.output;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void rendersNothingWhenNotOnATerminalOrQuiet() {
    for (boolean[] flags : new boolean[][] {{false, false}, {false, true}, {true, true}}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (Progress p = Progress.on(new PrintStream(bytes), flags[0], flags[1])) {
        assertSame(Progress.NONE, p);
        p.started(1000);
        p.advanced(500);
        p.advanced(500);
      }
      assertEquals(0, bytes.size(), "terminal=" + flags[0] + " quiet=" + flags[1]);
    }
  }

  @Test
  void onATerminalRedrawsInPlaceAndClearsTheLineAtTheEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = Progress.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, false);
    assertInstanceOf(ProgressBar.class, p);
    p.started(4096);
    p.advanced(1024);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (bytes.size() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    p.close();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("\r[#####               ]  25%  1.0 KiB / 4.0 KiB"), out);
    assertFalse(out.contains("\n") || out.contains("\u001b"), "no new lines, no escape codes");
    assertTrue(out.endsWith("\r"), "the line is blanked at the end");
    String last = out.substring(out.lastIndexOf('\r', out.length() - 2) + 1, out.length() - 1);
    assertTrue(last.isBlank(), "the final redraw is spaces: '" + last + "'");
  }

  @Test
  void lineShowsPercentBytesRateAndEta() {
    assertEquals("[##########          ]  50%  5.0 MiB / 10.0 MiB  2.5 MiB/s  ETA 0:02",
        ProgressLine.render(5L << 20, 10L << 20, 2_000_000_000L));
    assertEquals("[####################] 100%  0 B / 0 B  0 B/s  ETA --:--", ProgressLine.render(0, 0, 0));
    assertEquals("1:01:01", ProgressLine.duration(3661));
    assertEquals("0:59", ProgressLine.duration(59));
  }
}
