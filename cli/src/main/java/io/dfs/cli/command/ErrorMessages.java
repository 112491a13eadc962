package io.dfs.cli.command;

import io.dfs.cli.client.ServiceUnreachableException;
import io.dfs.cli.client.TokenCache;
import io.dfs.common.config.ConfigException;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns any failure into the one line a user sees after {@code dfs: }. */
final class ErrorMessages {
  private ErrorMessages() {}

  static String describe(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException
        || e instanceof picocli.CommandLine.ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    String message;
    if (e instanceof ServiceUnreachableException u) {
      message = "cannot reach " + u.service() + " at " + u.url() + " \u2014 is the cluster up? (make up)";
    } else if (e instanceof DfsException d && d.code() == ErrorCode.UNAUTHORIZED
        && !TokenCache.NOT_LOGGED_IN.equals(d.getMessage())) {
      // A server refused the session's token: it expired or was revoked since it was cached.
      message = d.getMessage() + ": log in again with 'dfs login'";
    } else if (e instanceof DfsException || e instanceof ConfigException) {
      message = e.getMessage();
    } else if (e instanceof UncheckedIOException io) {
      message = io.getCause().getMessage();
    } else if (e instanceof IOException) {
      message = e.getMessage();
    } else {
      message = "internal error: " + e;
    }
    return oneLine(message == null ? e.getClass().getSimpleName() : message);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
