package io.dfs.cli.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/**
 * What a command may touch of the world it runs in, so commands run the same in-process (tests) as
 * in their own JVM.
 *
 * @param env environment variables: {@code DFS_HOME}, {@code DFS_CONFIG}, {@code USER}
 * @param terminal whether {@code err} is an interactive terminal (progress bars only then)
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
    Clock clock, ZoneId zone) {}
