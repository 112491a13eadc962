package io.dfs.auth.command;

import java.io.InputStream;

/** Where a command reads what is piped to it (a password); the top command provides it. */
public interface StdinSource {
  InputStream stdin();
}
