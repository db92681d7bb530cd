package com.example.platform.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Tokens as user-service issues them, signed with a key generated once per test JVM (key
 * id {@value #KEY_ID}), and the forgeries an attacker would try. A service under test
 * trusts the key when it fetches {@link #jwks()}, e.g. from {@link #jwksServer()} named
 * as {@code user-service} in
 * {@code spring.cloud.discovery.client.simple.instances.user-service[0].uri}. The system
 * tests build theirs with the same {@link Builder}, given a running platform's issuer,
 * audience and signing key: each forgery is wrong in exactly one way, so a rejection can
 * only be for that.
 */
public final class TestTokens {

	/** The key id of the test signing key. */
	public static final String KEY_ID = "test-key";

	/** The platform's default issuer. */
	public static final String ISSUER = "platform";

	/** The platform's default audience. */
	public static final String AUDIENCE = "platform-api";

	/** The path user-service publishes its keys at. */
	public static final String JWKS_PATH = "/.well-known/jwks.json";

	private static final Duration TTL = Duration.ofMinutes(15);

	private TestTokens() {
	}

	/**
	 * The test signing key, private part included.
	 * @return the key
	 */
	public static RSAKey key() {
		return Keys.KEY;
	}

	/**
	 * A new RSA key, e.g. a second key for rotation tests.
	 * @param keyId its key id
	 * @return the key
	 */
	public static RSAKey generateKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The public test key as a JSON Web Key Set.
	 * @return the JWKS JSON
	 */
	public static String jwks() {
		return jwks(Keys.KEY);
	}

	/**
	 * The public parts of the given keys as a JSON Web Key Set.
	 * @param keys the keys
	 * @return the JWKS JSON
	 */
	public static String jwks(RSAKey... keys) {
		return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
	}

	/**
	 * The base URI of an HTTP server, started once per JVM, that serves {@link #jwks()}
	 * at {@value #JWKS_PATH}: a stand-in for user-service.
	 * @return e.g. {@code http://127.0.0.1:41234}
	 */
	public static URI jwksServer() {
		return JwksServer.URI;
	}

	/**
	 * A valid token of a registered user.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String user(UUID userId) {
		return builder().subject(userId).roles("USER").sign();
	}

	/**
	 * A valid token of an administrator with a random id.
	 * @return the token
	 */
	public static String admin() {
		return admin(UUID.randomUUID());
	}

	/**
	 * A valid token of an administrator.
	 * @param userId the administrator's id
	 * @return the token
	 */
	public static String admin(UUID userId) {
		return builder().subject(userId).roles("ADMIN").sign();
	}

	/**
	 * A valid token of a service that authenticated with client credentials.
	 * @param clientId its client id, e.g. {@code order-service}
	 * @return the token
	 */
	public static String service(String clientId) {
		return builder().subject(clientId).roles("SERVICE").sign();
	}

	/**
	 * A user's token that expired half an hour ago, well beyond any clock skew.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String expired(UUID userId) {
		return builder().subject(userId).roles("USER").expired().sign();
	}

	/**
	 * A user's token signed by another key that claims the test key's id.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String wrongSignature(UUID userId) {
		return builder().subject(userId).roles("USER").signedByImpostor().sign();
	}

	/**
	 * An unsigned ({@code alg: none}) admin token.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String algNone(UUID userId) {
		return builder().subject(userId).roles("USER", "ADMIN").unsigned();
	}

	/**
	 * An HS256 token whose HMAC secret is the test key's public key: accepted by a
	 * validator that lets the token pick the algorithm.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String hmacSignedWithPublicKey(UUID userId) {
		return builder().subject(userId).roles("USER", "ADMIN").hmacSignedWithPublicKey();
	}

	/**
	 * A user's token validly signed but by another issuer.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String wrongIssuer(UUID userId) {
		return builder().subject(userId).roles("USER").issuer("https://attacker.example").sign();
	}

	/**
	 * A user's token validly signed but for another audience.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String wrongAudience(UUID userId) {
		return builder().subject(userId).roles("USER").audience("another-api").sign();
	}

	/**
	 * A valid user token whose payload was then edited to claim the ADMIN role, keeping
	 * the original signature.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String tampered(UUID userId) {
		String[] parts = user(userId).split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String forged = claims.replace("\"USER\"", "\"ADMIN\"");
		if (forged.equals(claims)) {
			throw new IllegalStateException("Could not tamper with " + claims);
		}
		return parts[0] + "." + base64Url(forged) + "." + parts[2];
	}

	/**
	 * Starts a token with the platform's issuer and audience, issued now and valid for 15
	 * minutes, signed with the test key.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts a token as a running platform's user-service would issue it.
	 * @param issuer the platform's issuer
	 * @param audience the platform's audience
	 * @param keyId the id its signing key is published under
	 * @param signingKey its RSA private key
	 * @return the builder
	 */
	public static Builder builder(String issuer, String audience, String keyId, PrivateKey signingKey) {
		return new Builder().issuer(issuer).audience(audience).signedWith(keyId, signingKey);
	}

	private static PublicKey publicKeyOf(PrivateKey key) {
		if (!(key instanceof RSAPrivateCrtKey rsa)) {
			throw new IllegalArgumentException("Not an RSA private key with its public exponent: " + key);
		}
		try {
			return KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A token under construction.
	 */
	public static final class Builder {

		private String subject = UUID.randomUUID().toString();

		private List<String> roles = List.of("USER");

		private String issuer = ISSUER;

		private String audience = AUDIENCE;

		private Instant issuedAt = Instant.now();

		private Instant expiresAt;

		private String keyId = KEY_ID;

		private PrivateKey signingKey;

		private final Map<String, Object> extraClaims = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder subject(String subject) {
			this.subject = subject;
			return this;
		}

		public Builder subject(UUID userId) {
			return subject(userId.toString());
		}

		public Builder roles(String... roles) {
			this.roles = List.of(roles);
			return this;
		}

		public Builder issuer(String issuer) {
			this.issuer = issuer;
			return this;
		}

		public Builder audience(String audience) {
			this.audience = audience;
			return this;
		}

		public Builder issuedAt(Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		public Builder claim(String name, Object value) {
			this.extraClaims.put(name, value);
			return this;
		}

		/**
		 * Signs with another key, e.g. one of {@link TestTokens#generateKey(String)}.
		 * @param key the private key, whose key id goes into the header
		 * @return this builder
		 */
		public Builder signedWith(RSAKey key) {
			try {
				return signedWith(key.getKeyID(), key.toPrivateKey());
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Signs with another key.
		 * @param keyId the key id that goes into the header
		 * @param key the RSA private key
		 * @return this builder
		 */
		public Builder signedWith(String keyId, PrivateKey key) {
			this.keyId = keyId;
			this.signingKey = key;
			return this;
		}

		/**
		 * Issued an hour ago and expired half an hour ago, well beyond any clock skew a
		 * validator allows.
		 * @return this builder
		 */
		public Builder expired() {
			Instant issued = Instant.now().minus(Duration.ofHours(1));
			return issuedAt(issued).expiresAt(issued.plus(Duration.ofMinutes(30)));
		}

		/**
		 * Signs with a new key that claims this key's id: only the signature is wrong.
		 * @return this builder
		 */
		public Builder signedByImpostor() {
			try {
				return signedWith(this.keyId, generateKey(this.keyId).toPrivateKey());
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		JWTClaimsSet claims() {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(this.subject)
				.issuer(this.issuer)
				.audience(this.audience)
				.issueTime(Date.from(this.issuedAt))
				.expirationTime(Date.from((this.expiresAt != null) ? this.expiresAt : this.issuedAt.plus(TTL)))
				.jwtID(UUID.randomUUID().toString())
				.claim("roles", new ArrayList<>(this.roles));
			this.extraClaims.forEach(claims::claim);
			return claims.build();
		}

		/**
		 * Signs the token with RS256.
		 * @return the compact serialization
		 */
		public String sign() {
			try {
				SignedJWT jwt = new SignedJWT(
						new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.keyId).type(JOSEObjectType.JWT).build(),
						claims());
				jwt.sign(new RSASSASigner(privateKey()));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Unsigned: {@code alg: none} under the key's id and an empty signature.
		 * @return the compact serialization
		 */
		public String unsigned() {
			Map<String, Object> header = new LinkedHashMap<>();
			header.put("alg", "none");
			header.put("typ", "JWT");
			header.put("kid", this.keyId);
			return base64Url(JSONObjectUtils.toJSONString(header)) + "." + base64Url(claims().toString()) + ".";
		}

		/**
		 * HS256 under the key's id, with the signing key's public key as the HMAC secret:
		 * accepted by a validator that lets the token pick the algorithm.
		 * @return the compact serialization
		 */
		public String hmacSignedWithPublicKey() {
			try {
				SignedJWT jwt = new SignedJWT(
						new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.keyId).type(JOSEObjectType.JWT).build(),
						claims());
				jwt.sign(new MACSigner(publicKeyOf(privateKey()).getEncoded()));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * A genuine token whose payload is swapped for this builder's claims, keeping its
		 * header and signature.
		 * @param genuine a token the platform issued
		 * @return the compact serialization
		 */
		public String payloadSwappedInto(String genuine) {
			String[] parts = genuine.split("\\.");
			return parts[0] + "." + base64Url(claims().toString()) + "." + parts[2];
		}

		private PrivateKey privateKey() throws JOSEException {
			return (this.signingKey != null) ? this.signingKey : Keys.KEY.toPrivateKey();
		}

	}

	private static final class Keys {

		static final RSAKey KEY = generateKey(KEY_ID);

	}

	private static final class JwksServer {

		static final URI URI = start();

		private static URI start() {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
				server.createContext(JWKS_PATH, (exchange) -> {
					byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().set("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, body.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(body);
					}
				});
				server.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "jwks-server-shutdown"));
				return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
