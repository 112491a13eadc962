package io.dfs.cli.command;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dfs generate-completion}: picocli's bash completion script for the whole command tree,
 * which zsh reads too. It takes the options every command takes, though it needs neither.
 */
@Command(name = "generate-completion", mixinStandardHelpOptions = true,
    description = "Print a bash/zsh completion script for dfs: source <(dfs generate-completion).")
final class CompletionCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common = new CommonOptions();

  @Spec
  CommandSpec spec;

  private final CliContext ctx;

  CompletionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    ctx.out().flush();
    return 0;
  }
}
