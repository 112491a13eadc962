package io.dfs.meta.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dfs.common.security.BlockTokenSigner;
import io.dfs.common.security.BlockOp;
import io.dfs.meta.health.ClusterView;
import io.dfs.meta.namespace.BlockRecord;
import io.dfs.meta.namespace.FileRecord;
import io.dfs.meta.namespace.ListedFile;
import io.dfs.meta.placement.BlockPlan;
import io.dfs.meta.placement.FilePlan;
import io.dfs.meta.placement.NodeAddress;
import io.dfs.meta.placement.ReplicaLocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The client API's JSON for plans, files and file lists, exactly as docs/PROTOCOL.md fixes them. */
public final class FileJson {
  private static final JsonFactory JSON = new JsonFactory();
  private FileJson() {}

  /** {@code {"fileId","name","size","blockSize","replication","blocks":[{"blockId","index","offset","length","nodes","blockToken"}]}}. */
  public static JsonObject plan(FileRecord file, FilePlan plan, int minReplicas, BlockTokenSigner tokens) {
    JsonArray blocks = new JsonArray();
    List<String> blockTokens = tokens.signEach(file.owner(), BlockOp.WRITE,
        plan.blocks().stream().map(BlockPlan::blockId).toList());
    for (int i = 0; i < plan.blocks().size(); i++) {
      BlockPlan b = plan.blocks().get(i);
      blocks.add(new JsonObject()
          .put("blockId", b.blockId())
          .put("index", b.index())
          .put("offset", b.offset())
          .put("length", b.length())
          .put("nodes", addresses(b.nodes()))
          .put("blockToken", blockTokens.get(i)));
    }
    return new JsonObject()
        .put("fileId", file.id())
        .put("name", file.name())
        .put("size", file.size())
        .put("blockSize", file.blockSize())
        .put("replication", file.replication())
        .put("minReplicas", minReplicas)
        .put("blocks", blocks);
  }

  /**
   * A committed file with, per block, the live nodes holding a matching replica in ring order and a
   * token for {@code caller} to read it.
   */
  public static JsonObject file(FileRecord file, ClusterView view, ReplicaLocator locator, BlockTokenSigner tokens,
      String caller) {
    JsonArray blocks = new JsonArray();
    List<String> blockTokens = tokens.signEach(caller, BlockOp.READ,
        file.blocks().stream().map(BlockRecord::id).toList());
    for (int i = 0; i < file.blocks().size(); i++) {
      BlockRecord b = file.blocks().get(i);
      long crc = b.crc32c() == null ? 0 : b.crc32c();
      blocks.add(new JsonObject()
          .put("id", b.id())
          .put("offset", b.offset())
          .put("length", b.length())
          .put("crc32c", crc)
          .put("replicas", addresses(locator.locate(view, b.id(), b.length(), crc)))
          .put("blockToken", blockTokens.get(i)));
    }
    return new JsonObject()
        .put("id", file.id())
        .put("name", file.name())
        .put("size", file.size())
        .put("blockSize", file.blockSize())
        .put("replication", file.replication())
        .put("createdAt", file.createdAt())
        .put("blocks", blocks);
  }

  /**
   * {@code {"files":[{"id","name","size","blocks","createdAt"}]}}, written straight to bytes: a
   * listing holds every file of its owner, and building a tree of maps for thousands of entries
   * and then serialising it was about a third of what a listing cost meta.
   */
  public static Buffer list(List<ListedFile> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 128 * files.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("files");
      for (ListedFile f : files) {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeStringField("name", f.name());
        g.writeNumberField("size", f.size());
        g.writeNumberField("blocks", f.blocks());
        g.writeNumberField("createdAt", f.createdAt());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a file list", e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static JsonArray addresses(List<NodeAddress> nodes) {
    JsonArray arr = new JsonArray();
    nodes.forEach(n -> arr.add(n.toJson()));
    return arr;
  }
}
