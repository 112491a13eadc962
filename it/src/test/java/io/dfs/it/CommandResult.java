package io.dfs.it;

import java.nio.charset.StandardCharsets;

/** What a command-line run printed and how it exited. */
record CommandResult(int exit, byte[] stdout, String stderr) {
  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "exit=" + exit + "\nstdout: " + (stdout.length > 2000 ? stdout.length + " bytes" : out()) + "\nstderr: " + stderr;
  }
}
