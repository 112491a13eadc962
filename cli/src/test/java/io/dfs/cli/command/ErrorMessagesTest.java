package io.dfs.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfs.cli.client.ServiceUnreachableException;
import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {
  @Test
  void everyFailureIsOneLine() {
    assertEquals("cannot reach meta at http://127.0.0.1:7100 \u2014 is the cluster up? (make up)",
        ErrorMessages.describe(new ServiceUnreachableException("meta", "http://127.0.0.1:7100")));
    assertEquals("no such file: a.txt",
        ErrorMessages.describe(new CompletionException(new DfsException(ErrorCode.NOT_FOUND, "no such file: a.txt"))));
    assertEquals("bad thing on two lines",
        ErrorMessages.describe(new DfsException(ErrorCode.INTERNAL, "bad thing\non two lines\n")));
    assertEquals("internal error: java.lang.NullPointerException: boom",
        ErrorMessages.describe(new NullPointerException("boom")));
  }
}
