package com.example.platform.systemtest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.example.platform.local.LocalPlatform;
import com.example.platform.local.SigningKey;

/**
 * Builds tokens as user-service would, with the platform's real signing key, and the
 * attacks on them: each is wrong in exactly one way, so a rejection can only be for that.
 * No JWT library on purpose: an attacker's token is whatever bytes they choose.
 */
final class TokenForge {

	private final LocalPlatform platform;

	TokenForge(LocalPlatform platform) {
		this.platform = platform;
	}

	/** What user-service would issue for this user now. */
	String valid(String subject, String... roles) {
		return signed(this.platform.signingKey(), claims(subject, roles));
	}

	String expired(String subject) {
		Map<String, Object> claims = claims(subject, "USER");
		// Well past any clock skew a validator allows.
		claims.put("iat", Instant.now().minus(Duration.ofMinutes(30)).getEpochSecond());
		claims.put("exp", Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
		return signed(this.platform.signingKey(), claims);
	}

	/** Another key under the real key's id: only the signature is wrong. */
	String wrongSignature(String subject) {
		SigningKey impostor = SigningKey.generate(this.platform.signingKey().keyId());
		return signed(impostor, claims(subject, "USER"));
	}

	String signedWith(SigningKey key, String subject, String... roles) {
		return signed(key, claims(subject, roles));
	}

	/** Unsigned: {@code alg: none} and an empty signature. */
	String algNone(String subject) {
		return encode(header("none", this.platform.signingKey().keyId())) + "." + encode(json(claims(subject, "USER")))
				+ ".";
	}

	/**
	 * HS256 with the key id as the HMAC secret: a validator that let the token pick its
	 * algorithm would check a MAC instead of a signature.
	 */
	String hs256(String subject) {
		String kid = this.platform.signingKey().keyId();
		String content = encode(header("HS256", kid)) + "." + encode(json(claims(subject, "USER")));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(kid.repeat(8).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return content + "." + base64(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String wrongIssuer(String subject) {
		Map<String, Object> claims = claims(subject, "USER");
		claims.put("iss", "https://attacker.example.com");
		return signed(this.platform.signingKey(), claims);
	}

	String wrongAudience(String subject) {
		Map<String, Object> claims = claims(subject, "USER");
		claims.put("aud", "some-other-api");
		return signed(this.platform.signingKey(), claims);
	}

	/**
	 * A genuine token whose payload was swapped for one claiming ADMIN and another
	 * subject, keeping the original signature.
	 */
	String tampered(String token, String subject) {
		String[] parts = token.split("\\.");
		return parts[0] + "." + encode(json(claims(subject, "USER", "ADMIN"))) + "." + parts[2];
	}

	private Map<String, Object> claims(String subject, String... roles) {
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.platform.issuer());
		claims.put("aud", this.platform.audience());
		claims.put("sub", subject);
		claims.put("iat", now.getEpochSecond());
		claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("roles", List.of(roles));
		return claims;
	}

	private static String signed(SigningKey key, Map<String, Object> claims) {
		String content = encode(header("RS256", key.keyId())) + "." + encode(json(claims));
		return content + "." + base64(rs256(key.privateKey(), content));
	}

	private static Map<String, Object> header(String alg, String kid) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", alg);
		header.put("kid", kid);
		header.put("typ", "JWT");
		return header;
	}

	private static byte[] rs256(PrivateKey key, String content) {
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(key);
			signature.update(content.getBytes(StandardCharsets.US_ASCII));
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** JSON of strings, numbers and lists of strings: all a token holds. */
	private static String json(Map<String, Object> values) {
		return values.entrySet()
			.stream()
			.map((entry) -> quote(entry.getKey()) + ":" + value(entry.getValue()))
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static String value(Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map((item) -> quote(item.toString())).collect(Collectors.joining(",", "[", "]"));
		}
		return (value instanceof Number) ? value.toString() : quote(value.toString());
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static String encode(Map<String, Object> header) {
		return encode(json(header));
	}

	private static String encode(String json) {
		return base64(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
