package io.dfs.auth.keys;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.common.security.SigningKey;
import io.dfs.common.security.TokenSigner;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TokenSelfTestTest {
  private static final String ISS = "dfs-auth";
  private static final String AUD = "dfs";

  @Test
  void passesWhenTheJwksHoldsTheSigningKey(Vertx vertx) {
    SigningKey key = SigningKey.generate();
    TokenSigner signer = new TokenSigner(vertx, key, ISS, AUD, Duration.ofMinutes(15));

    TokenSelfTest.run(vertx, signer, List.of(key.publicJwk()), ISS, AUD).await();
  }

  @Test
  void failsWhenTheJwksHoldsAnotherKey(Vertx vertx) {
    SigningKey signing = SigningKey.generate();
    SigningKey other = SigningKey.generate();
    // Same kid, different key: what a mix-up of key files would look like.
    SigningKey impostor = new SigningKey(signing.kid(), other.keyPair());
    TokenSigner signer = new TokenSigner(vertx, signing, ISS, AUD, Duration.ofMinutes(15));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TokenSelfTest.run(vertx, signer, List.of(impostor.publicJwk()), ISS, AUD).await());
    assertTrue(e.getMessage().startsWith("token self-test failed"), e.getMessage());
  }

  @Test
  void failsWhenTheJwksIsEmpty(Vertx vertx) {
    SigningKey key = SigningKey.generate();
    TokenSigner signer = new TokenSigner(vertx, key, ISS, AUD, Duration.ofMinutes(15));

    assertThrows(IllegalStateException.class,
        () -> TokenSelfTest.run(vertx, signer, List.of(), ISS, AUD).await());
  }
}
