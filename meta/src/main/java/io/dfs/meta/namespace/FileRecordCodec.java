package io.dfs.meta.namespace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a {@link FileRecord} under {@code f/<id>}: a JSON object with the record's
 * fields, its blocks as {@code [{"id","offset","length","crc32c"?}]} and {@code expiresAt} while
 * it is pending. Every lookup, listing, commit and repair scan reads records, so they are read and
 * written token by token: building a JSON tree of maps for each record was the largest single cost
 * of meta's CPU under load. Unknown fields are skipped; a missing one fails the read.
 */
final class FileRecordCodec {
  private static final JsonFactory JSON = new JsonFactory();

  private FileRecordCodec() {
  }

  static byte[] encode(FileRecord file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(192 + 96 * file.blocks().size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", file.id());
      g.writeStringField("owner", file.owner());
      g.writeStringField("name", file.name());
      g.writeNumberField("size", file.size());
      g.writeNumberField("blockSize", file.blockSize());
      g.writeNumberField("replication", file.replication());
      g.writeStringField("state", file.state().storedName());
      g.writeNumberField("createdAt", file.createdAt());
      g.writeArrayFieldStart("blocks");
      for (BlockRecord b : file.blocks()) {
        g.writeStartObject();
        g.writeStringField("id", b.id());
        g.writeNumberField("offset", b.offset());
        g.writeNumberField("length", b.length());
        if (b.crc32c() != null) {
          g.writeNumberField("crc32c", b.crc32c());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (file.pending()) {
        g.writeNumberField("expiresAt", file.expiresAt());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode file " + file.id(), e);
    }
    return out.toByteArray();
  }

  static FileRecord decode(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      require(p.nextToken() == JsonToken.START_OBJECT, "is not a JSON object");
      String id = null;
      String owner = null;
      String name = null;
      String state = null;
      Long size = null;
      Long blockSize = null;
      Integer replication = null;
      Long createdAt = null;
      long expiresAt = 0;
      List<BlockRecord> blocks = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id" -> id = p.getText();
          case "owner" -> owner = p.getText();
          case "name" -> name = p.getText();
          case "state" -> state = p.getText();
          case "size" -> size = p.getLongValue();
          case "blockSize" -> blockSize = p.getLongValue();
          case "replication" -> replication = p.getIntValue();
          case "createdAt" -> createdAt = p.getLongValue();
          case "expiresAt" -> expiresAt = p.getLongValue();
          case "blocks" -> blocks = blocks(p);
          default -> p.skipChildren();
        }
      }
      require(id != null && owner != null && name != null && state != null && size != null && blockSize != null
          && replication != null && createdAt != null && blocks != null, "lacks a field");
      return new FileRecord(id, owner, name, size, blockSize, replication, FileState.fromStoredName(state),
          createdAt, expiresAt, blocks);
    } catch (IOException e) {
      throw new IllegalStateException("a stored file record is not valid JSON", e);
    }
  }

  private static List<BlockRecord> blocks(JsonParser p) throws IOException {
    require(p.currentToken() == JsonToken.START_ARRAY, "has blocks that are not an array");
    List<BlockRecord> blocks = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String id = null;
      Long offset = null;
      Long length = null;
      Long crc32c = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id" -> id = p.getText();
          case "offset" -> offset = p.getLongValue();
          case "length" -> length = p.getLongValue();
          case "crc32c" -> crc32c = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getLongValue();
          default -> p.skipChildren();
        }
      }
      require(id != null && offset != null && length != null, "has a block that lacks a field");
      blocks.add(new BlockRecord(id, offset, length, crc32c));
    }
    require(p.currentToken() == JsonToken.END_ARRAY, "has a block that is not an object");
    return blocks;
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("a stored file record " + what);
    }
  }
}
