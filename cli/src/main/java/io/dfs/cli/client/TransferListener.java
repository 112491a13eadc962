package io.dfs.cli.client;

/**
 * Follows a transfer. Called on the event loop that runs the transfer: implementations must return
 * quickly and never block (record the numbers; render them elsewhere).
 */
public interface TransferListener {
  /** Ignores everything. */
  TransferListener NONE = new TransferListener() {};

  /** The transfer knows its size, in bytes. */
  default void started(long totalBytes) {}

  /** {@code bytes} more bytes were sent or stored. */
  default void advanced(long bytes) {}

  /** A block could not be read from {@code node}; the transfer tries the next replica. */
  default void failedOver(String blockId, NodeAddress node, String reason) {}
}
