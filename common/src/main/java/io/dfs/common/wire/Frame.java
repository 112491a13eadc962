package io.dfs.common.wire;

import io.vertx.core.buffer.Buffer;

/** One decoded frame: its type code and its payload (without the 5-byte prefix). */
public record Frame(byte type, Buffer payload) {
  public boolean is(byte t) {
    return type == t;
  }

  @Override
  public String toString() {
    return BlockProtocol.typeName(type) + "[" + payload.length() + "]";
  }
}
