package io.dfs.auth.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;

/** Turns a failure into the one line an operator reads after {@code dfs-auth: }. */
final class Failures {
  private Failures() {}

  static String describe(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof UncheckedIOException) && e.getCause() != null) {
      e = e.getCause();
    }
    String message;
    if (e instanceof NoSuchFileException n) {
      message = "no such file or directory: " + n.getFile();
    } else if (e instanceof AccessDeniedException a) {
      message = "permission denied: " + a.getFile();
    } else if (e instanceof IOException || e instanceof RuntimeException) {
      message = e.getMessage();
    } else {
      message = e.toString();
    }
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
