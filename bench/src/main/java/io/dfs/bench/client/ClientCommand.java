package io.dfs.bench.client;

import picocli.CommandLine.Command;

/**
 * The benchmark's client process: one measured phase per run, through the CLI's client code, the
 * user's password on standard input, and one JSON object with the phase's figures on standard
 * output. A process of its own so that its memory is the client's alone.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = "Run one measured client phase against a cluster; prints its figures as JSON.",
    subcommands = {PutCommand.class, GetCommand.class, PutSmallCommand.class, GetSmallCommand.class,
        MetaOpsCommand.class})
public final class ClientCommand {}
