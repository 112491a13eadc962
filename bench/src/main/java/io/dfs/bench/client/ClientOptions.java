package io.dfs.bench.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the cluster is and who the client is; the password comes on standard input, never in argv. */
final class ClientOptions {
  @Option(names = "--config", required = true, description = "Client config (authUrl, metaUrl, ...).")
  Path config;

  @Option(names = "--user", required = true, description = "User to log in as; password on stdin.")
  String user;

  ClientStack open() {
    try {
      String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (password == null) {
        throw new IllegalStateException("no password on standard input");
      }
      return ClientStack.open(config, user, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
