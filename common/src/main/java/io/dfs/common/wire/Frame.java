package io.dfs.common.wire;

import io.vertx.core.buffer.Buffer;

/**
 * One decoded frame: its type code, its payload (without the 5-byte prefix) and, for a frame read
 * off the wire, its encoded bytes (prefix and payload) to forward unchanged; null otherwise.
 */
public record Frame(byte type, Buffer payload, Buffer wire) {
  public Frame(byte type, Buffer payload) {
    this(type, payload, null);
  }

  public boolean is(byte t) {
    return type == t;
  }

  @Override
  public String toString() {
    return BlockProtocol.typeName(type) + "[" + payload.length() + "]";
  }
}
