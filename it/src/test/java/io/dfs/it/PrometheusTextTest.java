package io.dfs.it;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test reader of the Prometheus text format accepts what the format allows and nothing else. */
class PrometheusTextTest {
  private static final String GOOD = """
      # HELP a_total Things, with a \\\\ and a \\n in the help.
      # TYPE a_total counter
      a_total{kind="x",path="a\\"b\\\\c\\nd"} 3.0
      a_total{kind="y",} 1
      # TYPE t_seconds summary
      t_seconds_count{op="GET"} 2.0
      t_seconds_sum{op="GET"} 0.5
      # TYPE g gauge
      g NaN
      # TYPE h histogram
      h_bucket{le="+Inf"} 4 1700000000000
      h_count 4
      h_sum -Inf
      """;

  @Test
  void readsFamiliesSamplesLabelsAndSpecialValues() {
    PrometheusText text = PrometheusText.parse(GOOD);
    assertEquals("counter", text.families().get("a_total").type());
    assertEquals("Things, with a \\ and a \n in the help.", text.families().get("a_total").help());
    assertEquals(3.0, text.value("a_total", Map.of("kind", "x", "path", "a\"b\\c\nd")));
    assertEquals(4.0, text.sum("a_total", Map.of()));
    assertEquals(2.0, text.value("t_seconds_count", Map.of("op", "GET")));
    assertTrue(Double.isNaN(text.value("g")));
    assertEquals(Double.NEGATIVE_INFINITY, text.value("h_sum"));
    assertThrows(AssertionError.class, () -> text.value("a_total", Map.of("kind", "z")));
  }

  @Test
  void refusesWhatTheFormatDoesNot() {
    String[] bad = {
        "# TYPE a counter\na 1",                              // no final newline
        "# TYPE a counter\n\na 1\n",                          // empty line
        "a 1\n",                                              // no TYPE
        "# TYPE a counter\nb 1\n",                            // another family's sample
        "# TYPE a gauge\n# TYPE a gauge\n",                   // typed twice
        "# TYPE a widget\n",                                  // no such type
        "# TYPE a gauge\na{x=\"1\"} 1\n# TYPE b gauge\nb 1\n# TYPE a_x gauge\na 2\n", // a sample after its block
        "# TYPE a gauge\na 1\na 2\n",                         // a series twice
        "# TYPE a gauge\na one\n",                            // not a number
        "# TYPE a gauge\na{x=1} 1\n",                         // unquoted label value
        "# TYPE a gauge\na{x=\"1\" 1\n",                      // unterminated labels
        "# TYPE a gauge\na{x=\"\\t\"} 1\n",                   // bad escape
        "# TYPE a gauge\na{1x=\"1\"} 1\n",                    // bad label name
        "# TYPE 1a gauge\n",                                  // bad metric name
        "# TYPE a gauge\na 1 2 3\n",                          // trailing text
        "# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n",             // a label twice
    };
    for (String text : bad) {
      assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(text), text);
    }
  }
}
