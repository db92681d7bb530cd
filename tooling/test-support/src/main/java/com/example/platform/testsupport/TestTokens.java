package com.example.platform.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * Tokens as user-service issues them, signed with a key generated once per test JVM (key
 * id {@value #KEY_ID}). A service under test trusts the key when it fetches
 * {@link #jwks()}, e.g. from {@link #jwksServer()} named as {@code user-service} in
 * {@code spring.cloud.discovery.client.simple.instances.user-service[0].uri}. The system
 * tests build theirs with the same {@link TokenBuilder}, given a running platform's
 * issuer, audience and signing key. The forgeries an attacker would try are
 * {@link ForgedTokens}.
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
	 * Starts a token with the platform's issuer and audience, issued now and valid for 15
	 * minutes, signed with the test key.
	 * @return the builder
	 */
	public static TokenBuilder builder() {
		return new TokenBuilder();
	}

	/**
	 * Starts a token as a running platform's user-service would issue it.
	 * @param issuer the platform's issuer
	 * @param audience the platform's audience
	 * @param keyId the id its signing key is published under
	 * @param signingKey its RSA private key
	 * @return the builder
	 */
	public static TokenBuilder builder(String issuer, String audience, String keyId, PrivateKey signingKey) {
		return new TokenBuilder().issuer(issuer).audience(audience).signedWith(keyId, signingKey);
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
