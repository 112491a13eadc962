package io.dfs.cli.command;

import io.dfs.common.error.DfsException;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a password from standard input or prompts for it on the terminal without echo. */
final class PasswordInput {
  private static final int MAX_BYTES = 4096;

  private PasswordInput() {}

  /** The first line of {@code in}, without its line ending; reads nothing past it. */
  static String firstLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        if (line.size() >= MAX_BYTES) {
          throw DfsException.badRequest("the password on standard input is longer than " + MAX_BYTES + " bytes");
        }
        line.write(b);
      }
      if (b == -1 && line.size() == 0) {
        throw DfsException.badRequest("no password on standard input");
      }
    } catch (IOException e) {
      throw DfsException.badRequest("cannot read the password from standard input: " + e.getMessage());
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /** Prompts on the console with echo off. */
  static String prompt(String user) {
    Console console = System.console();
    if (console == null) {
      throw DfsException.badRequest("no terminal to ask for a password: pipe it in with --password-stdin");
    }
    char[] password = console.readPassword("password for %s: ", user);
    if (password == null) {
      throw DfsException.badRequest("no password given");
    }
    return new String(password);
  }
}
