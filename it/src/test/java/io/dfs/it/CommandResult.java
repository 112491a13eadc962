package io.dfs.it;

import java.nio.charset.StandardCharsets;

/** What a command-line run printed and how it exited. */
record CommandResult(int exit, byte[] stdout, String stderr) {
  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** As {@link #toString}, but with all of stdout however long, for a run whose last lines say why it failed. */
  String whole() {
    return printed(out());
  }

  @Override
  public String toString() {
    return printed(stdout.length > 2000 ? stdout.length + " bytes" : out());
  }

  private String printed(String shownStdout) {
    return "exit=" + exit + "\nstdout: " + shownStdout + "\nstderr: " + stderr;
  }
}
