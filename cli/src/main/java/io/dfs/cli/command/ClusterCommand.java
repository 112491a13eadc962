package io.dfs.cli.command;

import io.dfs.cli.client.ClusterState;
import io.dfs.cli.output.HumanViews;
import io.dfs.cli.output.JsonViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Show the data nodes and replica health.")
final class ClusterCommand extends ClientCommand {
  @Option(names = "--json", description = "Print {\"nodes\":[{\"id\",\"address\",\"state\",\"usedBytes\",\"capacityBytes\","
      + "\"blocks\"}],\"underReplicatedBlocks\",\"missingBlocks\"}; a dead node also has \"deadSince\" (epoch ms) "
      + "and \"deadReason\".")
  boolean json;

  ClusterCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected int run(ClientSession session) {
    ClusterState cluster = session.await(session.meta().cluster());
    if (json) {
      ctx.out().println(JsonViews.cluster(cluster).encode());
    } else {
      ctx.out().print(new HumanViews(ctx.zone()).cluster(cluster));
    }
    return 0;
  }
}
