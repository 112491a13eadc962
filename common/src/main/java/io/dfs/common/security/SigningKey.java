package io.dfs.common.security;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * An ES256 (P-256) key pair with its key id. Stored as PKCS#8 and SPKI PEM, the forms Vert.x's
 * JWTAuth reads; published as an EC JWK.
 */
public record SigningKey(String kid, KeyPair keyPair) {

  public static SigningKey generate() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      return new SigningKey(UUID.randomUUID().toString(), gen.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 unavailable", e);
    }
  }

  public static SigningKey fromPem(String kid, String privatePem, String publicPem) {
    try {
      KeyFactory kf = KeyFactory.getInstance("EC");
      return new SigningKey(kid, new KeyPair(
          kf.generatePublic(new X509EncodedKeySpec(der(publicPem))),
          kf.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("signing key " + kid + " is not a valid EC key pair", e);
    }
  }

  public String privatePem() {
    return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
  }

  public String publicPem() {
    return pem("PUBLIC KEY", keyPair.getPublic().getEncoded());
  }

  /** The public half as a JWK for a JWKS document. */
  public JsonObject publicJwk() {
    ECPublicKey pub = (ECPublicKey) keyPair.getPublic();
    return new JsonObject()
        .put("kty", "EC")
        .put("crv", "P-256")
        .put("x", coordinate(pub.getW().getAffineX()))
        .put("y", coordinate(pub.getW().getAffineY()))
        .put("alg", TokenVerifier.ALGORITHM)
        .put("use", "sig")
        .put("kid", kid);
  }

  private static String coordinate(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
