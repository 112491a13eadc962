package io.dfs.auth.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dfs-auth service ...}: manages the accounts data nodes and meta log in with. */
@Command(name = "service", mixinStandardHelpOptions = true, version = AuthVersion.TEXT,
    description = "Manage service accounts.",    subcommands = ServiceAddCommand.class)
public final class ServiceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: add");
  }
}
