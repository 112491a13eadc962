package io.dfs.auth.command;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a new password from standard input or from the terminal without echo. */
final class PasswordInput {
  private static final int MAX_BYTES = 4096;

  private PasswordInput() {}

  /** The first line of {@code in} without its line ending; reads nothing past it. */
  static String firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (line.size() >= MAX_BYTES) {
        throw new IllegalArgumentException("the password on standard input is longer than " + MAX_BYTES + " bytes");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /** Asks twice on the terminal, echo off; the two must match. */
  static String prompt(String user) {
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException("no terminal to ask for the password: pipe it in with --password-stdin");
    }
    char[] first = console.readPassword("new password for %s: ", user);
    char[] second = first == null ? null : console.readPassword("repeat the password: ");
    try {
      if (first == null || second == null) {
        throw new IllegalArgumentException("no password given");
      }
      if (!Arrays.equals(first, second)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return new String(first);
    } finally {
      if (first != null) {
        Arrays.fill(first, '\0');
      }
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }
}
