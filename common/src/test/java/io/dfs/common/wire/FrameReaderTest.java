package io.dfs.common.wire;

import static io.dfs.common.wire.BlockProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  /** A byte source the test pushes into by hand, recording whether the reader paused it. */
  static final class ByteSource implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Throwable> exceptionHandler;
    boolean paused;

    void push(Buffer b) {
      handler.handle(b);
    }

    @Override public ByteSource exceptionHandler(Handler<Throwable> h) { exceptionHandler = h; return this; }
    @Override public ByteSource handler(Handler<Buffer> h) { handler = h; return this; }
    @Override public ByteSource pause() { paused = true; return this; }
    @Override public ByteSource resume() { paused = false; return this; }
    @Override public ByteSource fetch(long amount) { paused = false; return this; }
    @Override public ByteSource endHandler(Handler<Void> h) { endHandler = h; return this; }

    Handler<Void> endHandler;
  }

  private final ByteSource source = new ByteSource();
  private final List<Frame> frames = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private final FrameReader reader = FrameReader.over(source).exceptionHandler(errors::add);

  {
    reader.handler(frames::add);
  }

  @Test
  void decodesFramesSplitAnywhere() {
    Buffer bytes = Buffer.buffer()
        .appendBuffer(FrameCodec.json(TYPE_GET_BLOCK, new JsonObject().put("blockId", "x")))
        .appendBuffer(FrameCodec.data(Buffer.buffer("hello")))
        .appendBuffer(FrameCodec.end());
    for (int i = 0; i < bytes.length(); i++) {
      source.push(bytes.slice(i, i + 1));
    }
    assertEquals(3, frames.size());
    assertEquals("x", FrameCodec.header(frames.get(0)).getString("blockId"));
    assertEquals("hello", FrameCodec.dataBytes(frames.get(1)).toString());
    assertTrue(frames.get(2).is(TYPE_END));
    assertTrue(errors.isEmpty());
  }

  @Test
  void refusesOversizedLengthBeforeBuffering() {
    source.push(Buffer.buffer().appendInt(0xFFFFFFFF).appendByte(TYPE_DATA));
    assertEquals(1, errors.size());
    assertEquals(ErrorCode.TOO_LARGE, ((DfsException) errors.get(0)).code());
    source.push(Buffer.buffer(new byte[100]));
    assertTrue(frames.isEmpty());
  }

  @Test
  void refusesHeaderOverLimitAndDataOverLimit() {
    source.push(Buffer.buffer().appendInt(MAX_HEADER_BYTES + 1).appendByte(TYPE_PUT_BLOCK));
    assertEquals(ErrorCode.TOO_LARGE, ((DfsException) errors.get(0)).code());

    ByteSource s2 = new ByteSource();
    List<Throwable> e2 = new ArrayList<>();
    FrameReader.over(s2).exceptionHandler(e2::add).handler(f -> fail("no frame expected"));
    s2.push(Buffer.buffer().appendInt(MAX_DATA_PAYLOAD + 1).appendByte(TYPE_DATA));
    assertEquals(1, e2.size());
  }

  @Test
  void refusesUnknownTypeAndNonEmptyEnd() {
    source.push(Buffer.buffer().appendInt(1).appendByte((byte) 99));
    assertEquals(ErrorCode.BAD_REQUEST, ((DfsException) errors.get(0)).code());

    ByteSource s2 = new ByteSource();
    List<Throwable> e2 = new ArrayList<>();
    FrameReader.over(s2).exceptionHandler(e2::add).handler(f -> fail("no frame expected"));
    s2.push(Buffer.buffer().appendInt(1).appendByte(TYPE_END));
    assertEquals(ErrorCode.TOO_LARGE, ((DfsException) e2.get(0)).code());
  }

  @Test
  void pausePropagatesToTheSocket() {
    reader.pause();
    source.push(FrameCodec.end());
    assertTrue(source.paused);
    assertTrue(frames.isEmpty());
    reader.fetch(1);
    assertEquals(1, frames.size());
  }

  @Test
  void keepsEachFramesEncodedBytesWhetherWholeInOneReadOrSplit() {
    Buffer data = FrameCodec.data(Buffer.buffer("forward me"));
    Buffer two = Buffer.buffer().appendBuffer(data).appendBuffer(data);
    source.push(two.slice(0, data.length() + 3));
    source.push(two.slice(data.length() + 3, two.length()));
    assertEquals(2, frames.size());
    for (Frame f : frames) {
      assertEquals(data, f.wire());
      assertEquals(data, FrameCodec.encode(f));
      assertEquals("forward me", FrameCodec.dataBytes(f).toString());
    }
  }

  @Test
  void framesLeftInAReadWaitForDemandAndTheEndWaitsForThem() {
    List<String> events = new ArrayList<>();
    reader.handler(f -> events.add(BlockProtocol.typeName(f.type())));
    reader.endHandler(v -> events.add("end"));
    reader.fetch(0);
    reader.pause();
    reader.fetch(1);
    source.push(Buffer.buffer().appendBuffer(FrameCodec.data(Buffer.buffer("a"))).appendBuffer(FrameCodec.end())
        .appendBuffer(FrameCodec.end()));
    source.endHandler.handle(null);
    assertEquals(List.of("DATA"), events);
    assertTrue(source.paused, "the socket stays paused while read frames wait");
    reader.fetch(1);
    assertEquals(List.of("DATA", "END"), events);
    reader.resume();
    assertEquals(List.of("DATA", "END", "END", "end"), events);
  }

  @Test
  void aHandlerThatPausesStopsDeliveryWithinTheSameRead() {
    reader.handler(f -> {
      frames.add(f);
      if (frames.size() == 1) {
        reader.pause();
      }
    });
    source.push(Buffer.buffer().appendBuffer(FrameCodec.end()).appendBuffer(FrameCodec.end()));
    assertEquals(1, frames.size());
    assertTrue(source.paused);
    reader.resume();
    assertEquals(2, frames.size());
    assertFalse(source.paused);
  }

  @Test
  void damagedDataFrameFailsItsChecksum() {
    Buffer frame = FrameCodec.data(Buffer.buffer("payload"));
    frame.setByte(PREFIX_BYTES + 2, (byte) 'X');
    source.push(frame);
    DfsException e = assertThrows(DfsException.class, () -> FrameCodec.dataBytes(frames.get(0)));
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, e.code());
  }

  @Test
  void headerThatIsNotJsonIsBadRequest() {
    source.push(Buffer.buffer().appendInt(3).appendByte(TYPE_PUT_BLOCK).appendString("[1]"));
    DfsException e = assertThrows(DfsException.class, () -> FrameCodec.header(frames.get(0)));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }

  @Test
  void dataFrameBoundsAreEnforcedByTheEncoder() {
    assertThrows(IllegalArgumentException.class, () -> FrameCodec.data(Buffer.buffer()));
    assertThrows(IllegalArgumentException.class, () -> FrameCodec.data(Buffer.buffer(new byte[MAX_DATA_BYTES + 1])));
    assertEquals(PREFIX_BYTES + MAX_DATA_PAYLOAD, FrameCodec.data(Buffer.buffer(new byte[MAX_DATA_BYTES])).length());
  }

  @Test
  void errorFrameRoundTrips() {
    source.push(FrameCodec.error(ErrorCode.NOT_FOUND, "no such block"));
    DfsException e = FrameCodec.toException(frames.get(0));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals("no such block", e.getMessage());
  }
}
