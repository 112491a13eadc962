package io.dfs.bench.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The run's output. Each figure is printed as it is measured, one line {@code name value unit};
 * a target is printed right after the figure it judges, as
 * {@code target <figure> <op> <bound> <unit> PASS|MISS (<rule>)}; comments start with {@code #}.
 * Everything printed is also kept for {@code results.json}. A missed target is reported, never fatal.
 */
public final class Report {
  private final PrintStream out;
  private final Map<String, JsonObject> figures = new LinkedHashMap<>();
  private final JsonArray targets = new JsonArray();
  private final JsonArray failures = new JsonArray();
  private final JsonArray steps = new JsonArray();

  public Report(PrintStream out) {
    this.out = out;
  }

  public void comment(String text) {
    out.println("# " + text);
    out.flush();
  }

  public void figure(String name, double value, String unit) {
    figures.put(name, new JsonObject().put("name", name).put("value", round(value)).put("unit", unit));
    out.println(name + " " + format(value, unit) + " " + unit);
    out.flush();
  }

  /** A measured figure, or empty when it was not measured (its step failed). */
  public OptionalDouble value(String name) {
    JsonObject f = figures.get(name);
    return f == null ? OptionalDouble.empty() : OptionalDouble.of(f.getDouble("value"));
  }

  /** Adds a detail to a figure's entry in results.json (how it was measured, what it is relative to). */
  public void note(String figure, String key, Object detail) {
    JsonObject f = figures.get(figure);
    if (f != null) {
      f.put(key, detail instanceof Double d ? round(d) : detail);
    }
  }

  /**
   * Prints {@code <figure>.pct_of_limit}: the figure as a percentage of the limit that bounds it,
   * {@code limit} computed from measured limits as {@code rule} says.
   */
  public void shareOfLimit(String figure, double limit, String rule) {
    value(figure).ifPresent(v -> {
      figure(figure + ".pct_of_limit", 100 * v / limit, "%");
      note(figure + ".pct_of_limit", "limit", limit);
      note(figure + ".pct_of_limit", "limitRule", rule);
    });
  }

  public void atLeast(String figure, double bound, String unit, String rule) {
    value(figure).ifPresent(v -> target(figure, ">=", bound, unit, v >= bound, rule));
  }

  public void atMost(String figure, double bound, String unit, String rule) {
    value(figure).ifPresent(v -> target(figure, "<=", bound, unit, v <= bound, rule));
  }

  /** A target that is a yes-or-no property of a phase rather than a bound on a figure. */
  public void holds(String figure, String property, boolean pass, String rule) {
    targets.add(new JsonObject().put("figure", figure).put("property", property).put("pass", pass).put("rule", rule));
    out.println("target " + figure + " " + property + " " + (pass ? "PASS" : "MISS") + " (" + rule + ")");
    out.flush();
  }

  private void target(String figure, String op, double bound, String unit, boolean pass, String rule) {
    targets.add(new JsonObject().put("figure", figure).put("op", op).put("bound", round(bound)).put("unit", unit)
        .put("pass", pass).put("rule", rule));
    out.println("target " + figure + " " + op + " " + format(bound, unit) + " " + unit + " " + (pass ? "PASS" : "MISS")
        + " (" + rule + ")");
    out.flush();
  }

  /** A step that failed: its figures are missing; the run goes on and exits non-zero. */
  public void failure(String step, Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    failures.add(new JsonObject().put("step", step).put("message", message));
    comment(step + " FAILED: " + message.lines().findFirst().orElse(""));
  }

  /** How long a step took, for results.json: where a run's time goes. */
  public void stepTook(String step, double seconds, boolean ok) {
    steps.add(new JsonObject().put("step", step).put("seconds", round(seconds)).put("ok", ok));
  }

  public boolean failed() {
    return !failures.isEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject().put("figures", new JsonArray(figures.values().stream().toList()))
        .put("targets", targets).put("failures", failures).put("steps", steps);
  }

  /** Writes {@code results} to {@code file} whole or not at all: a reader never sees half a file. */
  public static void writeAtomically(Path file, JsonObject results) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, results.encodePrettily() + "\n");
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String format(double value, String unit) {
    return String.format(Locale.ROOT, unit.equals("ms") ? "%.2f" : "%.1f", value);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
