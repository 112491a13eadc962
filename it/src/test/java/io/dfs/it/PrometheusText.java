package io.dfs.it;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample of the family last typed, with valid metric and label
 * names, correctly escaped label values and a number (or NaN, +Inf, -Inf) for a value. A family is
 * typed once, before its samples, and its samples are not interleaved with another's; no series
 * appears twice. Anything else throws {@link IllegalArgumentException} naming the line.
 */
final class PrometheusText {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample: the series name, its labels (sorted by name) and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** A family: its type, its help text and its samples in order. */
  record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  static PrometheusText parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition does not end with a newline");
    }
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> help = new HashMap<>();
    Set<String> closed = new HashSet<>();
    Set<String> series = new HashSet<>();
    Family current = null;
    String[] lines = text.split("\n", -1);
    // The last element is what follows the final newline: nothing.
    for (int lineNo = 1; lineNo < lines.length; lineNo++) {
      String line = lines[lineNo - 1];
      if (line.isEmpty()) {
        throw error(lineNo, line, "empty line");
      }
      try {
        if (line.startsWith("# HELP ")) {
          String[] parts = line.substring(7).split(" ", 2);
          requireMetricName(parts[0]);
          if (help.put(parts[0], parts.length > 1 ? unescapeHelp(parts[1]) : "") != null) {
            throw new IllegalArgumentException("second HELP for " + parts[0]);
          }
        } else if (line.startsWith("# TYPE ")) {
          String[] parts = line.substring(7).split(" ");
          if (parts.length != 2 || !TYPES.contains(parts[1])) {
            throw new IllegalArgumentException("TYPE needs a name and one of " + TYPES);
          }
          requireMetricName(parts[0]);
          if (families.containsKey(parts[0])) {
            throw new IllegalArgumentException("second TYPE for " + parts[0]);
          }
          if (current != null) {
            closed.add(current.name());
          }
          current = new Family(parts[0], parts[1], help.getOrDefault(parts[0], ""), new ArrayList<>());
          families.put(parts[0], current);
        } else if (line.startsWith("#")) {
          continue;
        } else {
          Sample sample = sample(line);
          if (current == null || !belongs(sample.name(), current)) {
            throw new IllegalArgumentException("sample " + sample.name() + " outside its family's TYPE block");
          }
          if (closed.contains(current.name())) {
            throw new IllegalArgumentException("family " + current.name() + " interleaved with another");
          }
          if (!series.add(sample.name() + sample.labels())) {
            throw new IllegalArgumentException("series " + sample.name() + sample.labels() + " twice");
          }
          current.samples().add(sample);
        }
      } catch (RuntimeException e) {
        // Includes running off the end of a cut-short line.
        throw error(lineNo, line, String.valueOf(e.getMessage()));
      }
    }
    return new PrometheusText(families);
  }

  Map<String, Family> families() {
    return families;
  }

  /** The value of the series {@code name} with exactly {@code labels}; fails if there is none. */
  double value(String name, Map<String, String> labels) {
    for (Family f : families.values()) {
      for (Sample s : f.samples()) {
        if (s.name().equals(name) && s.labels().equals(new TreeMap<>(labels))) {
          return s.value();
        }
      }
    }
    throw new AssertionError("no series " + name + labels + " among " + families.keySet());
  }

  double value(String name) {
    return value(name, Map.of());
  }

  /** The sum over every series of {@code name} whose labels include {@code match}. */
  double sum(String name, Map<String, String> match) {
    double sum = 0;
    boolean found = false;
    for (Family f : families.values()) {
      for (Sample s : f.samples()) {
        if (s.name().equals(name) && s.labels().entrySet().containsAll(match.entrySet())) {
          sum += s.value();
          found = true;
        }
      }
    }
    if (!found) {
      throw new AssertionError("no series " + name + match + " among " + families.keySet());
    }
    return sum;
  }

  boolean has(String family) {
    return families.containsKey(family);
  }

  private static boolean belongs(String sample, Family family) {
    String f = family.name();
    return switch (family.type()) {
      case "summary" -> sample.equals(f) || sample.equals(f + "_count") || sample.equals(f + "_sum");
      case "histogram" -> sample.equals(f + "_bucket") || sample.equals(f + "_count") || sample.equals(f + "_sum");
      case "counter" -> sample.equals(f) || sample.equals(f + "_total");
      default -> sample.equals(f);
    };
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireMetricName(name);
    Map<String, String> labels = new TreeMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw new IllegalArgumentException("label without '='");
        }
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches()) {
          throw new IllegalArgumentException("bad label name '" + label + "'");
        }
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("label value of " + label + " not quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; ; j++) {
          if (j >= line.length()) {
            throw new IllegalArgumentException("unterminated label value of " + label);
          }
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            char next = line.charAt(++j);
            switch (next) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException("bad escape \\" + next + " in label " + label);
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) {
          throw new IllegalArgumentException("label " + label + " twice");
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        } else if (line.charAt(i) != '}') {
          throw new IllegalArgumentException("expected ',' or '}' after label " + label);
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException("no value");
    }
    String[] rest = line.substring(i + 1).split(" ");
    if (rest.length > 2) {
      throw new IllegalArgumentException("trailing text after value and timestamp");
    }
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, labels, number(rest[0]));
  }

  private static double number(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + text + "' is not a number");
        }
      }
    };
  }

  private static String unescapeHelp(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        char next = text.charAt(++i);
        switch (next) {
          case '\\' -> out.append('\\');
          case 'n' -> out.append('\n');
          default -> throw new IllegalArgumentException("bad escape \\" + next + " in HELP");
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void requireMetricName(String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name '" + name + "'");
    }
  }

  private static IllegalArgumentException error(int lineNo, String line, String why) {
    return new IllegalArgumentException("line " + lineNo + " (" + line + "): " + why);
  }
}
