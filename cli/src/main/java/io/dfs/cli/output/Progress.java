package io.dfs.cli.output;

import io.dfs.cli.client.TransferListener;
import java.io.PrintStream;

/** Shows a transfer's progress to a person, or nothing at all. {@link #close()} removes every trace. */
public interface Progress extends TransferListener, AutoCloseable {
  Progress NONE = new Progress() {
    @Override
    public void close() {}
  };

  /**
   * A progress bar on {@code err} when it is a terminal and the user did not ask for quiet; nothing
   * otherwise, so scripts and logs never see redraws or escape codes.
   */
  static Progress on(PrintStream err, boolean terminal, boolean quiet) {
    return terminal && !quiet ? new ProgressBar(err) : NONE;
  }

  @Override
  void close();
}
