package com.example.platform.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

/**
 * The forgeries an attacker would try, each wrong in exactly one way so that a rejection
 * can only be for that: ready-made ones for the test key ({@link TestTokens}), and the
 * same tricks applied to any {@link TokenBuilder}, e.g. one for a running platform's key.
 */
public final class ForgedTokens {

	private ForgedTokens() {
	}

	/**
	 * A user's token signed by another key that claims the test key's id.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String wrongSignature(UUID userId) {
		return signedByImpostor(TestTokens.builder().subject(userId).roles("USER"));
	}

	/**
	 * An unsigned ({@code alg: none}) admin token.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String algNone(UUID userId) {
		return unsigned(TestTokens.builder().subject(userId).roles("USER", "ADMIN"));
	}

	/**
	 * An HS256 token whose HMAC secret is the test key's public key: accepted by a
	 * validator that lets the token pick the algorithm.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String hmacSignedWithPublicKey(UUID userId) {
		return hmacSignedWithPublicKey(TestTokens.builder().subject(userId).roles("USER", "ADMIN"));
	}

	/**
	 * A user's token validly signed but by another issuer.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String wrongIssuer(UUID userId) {
		return TestTokens.builder().subject(userId).roles("USER").issuer("https://attacker.example").sign();
	}

	/**
	 * A user's token validly signed but for another audience.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String wrongAudience(UUID userId) {
		return TestTokens.builder().subject(userId).roles("USER").audience("another-api").sign();
	}

	/**
	 * A valid user token whose payload was then edited to claim the ADMIN role, keeping
	 * the original signature.
	 * @param userId the user's id
	 * @return the token
	 */
	public static String tampered(UUID userId) {
		String[] parts = TestTokens.user(userId).split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String forged = claims.replace("\"USER\"", "\"ADMIN\"");
		if (forged.equals(claims)) {
			throw new IllegalStateException("Could not tamper with " + claims);
		}
		return parts[0] + "." + base64Url(forged) + "." + parts[2];
	}

	/**
	 * Signed by a new key that claims the builder's key id: only the signature is wrong.
	 * @param token the token to forge
	 * @return the compact serialization
	 */
	public static String signedByImpostor(TokenBuilder token) {
		try {
			return token.signedWith(token.keyId(), TestTokens.generateKey(token.keyId()).toPrivateKey()).sign();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Unsigned: {@code alg: none} under the builder's key id and an empty signature.
	 * @param token the token to forge
	 * @return the compact serialization
	 */
	public static String unsigned(TokenBuilder token) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", "none");
		header.put("typ", "JWT");
		header.put("kid", token.keyId());
		return base64Url(JSONObjectUtils.toJSONString(header)) + "." + base64Url(token.claims().toString()) + ".";
	}

	/**
	 * HS256 under the builder's key id, with its signing key's public key as the HMAC
	 * secret: accepted by a validator that lets the token pick the algorithm.
	 * @param token the token to forge
	 * @return the compact serialization
	 */
	public static String hmacSignedWithPublicKey(TokenBuilder token) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(token.keyId()).type(JOSEObjectType.JWT).build(),
					token.claims());
			jwt.sign(new MACSigner(publicKeyOf(token.privateKey()).getEncoded()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A genuine token whose payload is swapped for the builder's claims, keeping its
	 * header and signature.
	 * @param token the claims to put in
	 * @param genuine a token the platform issued
	 * @return the compact serialization
	 */
	public static String payloadSwappedInto(TokenBuilder token, String genuine) {
		String[] parts = genuine.split("\\.");
		return parts[0] + "." + base64Url(token.claims().toString()) + "." + parts[2];
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

}
