package io.dfs.auth.command;

import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dfs-auth user ...}: manages the people who may log in. */
@Command(name = "user", mixinStandardHelpOptions = true, version = AuthVersion.TEXT,
    description = "Manage users.",    subcommands = {UserAddCommand.class, UserUnlockCommand.class})
public final class UserCommand implements Callable<Integer> {
  @ParentCommand
  StdinSource top;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: add or unlock");
  }

  InputStream stdin() {
    return top.stdin();
  }
}
