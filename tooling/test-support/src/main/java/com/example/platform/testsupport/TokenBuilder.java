package com.example.platform.testsupport;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A token under construction, started by {@link TestTokens#builder()}: the platform's
 * issuer and audience, issued now and valid for 15 minutes, signed with the test key
 * unless told otherwise. {@link ForgedTokens} turns one into a forgery.
 */
public final class TokenBuilder {

	private static final Duration TTL = Duration.ofMinutes(15);

	private String subject = UUID.randomUUID().toString();

	private List<String> roles = List.of("USER");

	private String issuer = TestTokens.ISSUER;

	private String audience = TestTokens.AUDIENCE;

	private Instant issuedAt = Instant.now();

	private Instant expiresAt;

	private String keyId = TestTokens.KEY_ID;

	private PrivateKey signingKey;

	private final Map<String, Object> extraClaims = new LinkedHashMap<>();

	TokenBuilder() {
	}

	public TokenBuilder subject(String subject) {
		this.subject = subject;
		return this;
	}

	public TokenBuilder subject(UUID userId) {
		return subject(userId.toString());
	}

	public TokenBuilder roles(String... roles) {
		this.roles = List.of(roles);
		return this;
	}

	public TokenBuilder issuer(String issuer) {
		this.issuer = issuer;
		return this;
	}

	public TokenBuilder audience(String audience) {
		this.audience = audience;
		return this;
	}

	public TokenBuilder issuedAt(Instant issuedAt) {
		this.issuedAt = issuedAt;
		return this;
	}

	public TokenBuilder expiresAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
		return this;
	}

	public TokenBuilder claim(String name, Object value) {
		this.extraClaims.put(name, value);
		return this;
	}

	/**
	 * Signs with another key, e.g. one of {@link TestTokens#generateKey(String)}.
	 * @param key the private key, whose key id goes into the header
	 * @return this builder
	 */
	public TokenBuilder signedWith(RSAKey key) {
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
	public TokenBuilder signedWith(String keyId, PrivateKey key) {
		this.keyId = keyId;
		this.signingKey = key;
		return this;
	}

	/**
	 * Issued an hour ago and expired half an hour ago, well beyond any clock skew a
	 * validator allows.
	 * @return this builder
	 */
	public TokenBuilder expired() {
		Instant issued = Instant.now().minus(Duration.ofHours(1));
		return issuedAt(issued).expiresAt(issued.plus(Duration.ofMinutes(30)));
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

	String keyId() {
		return this.keyId;
	}

	PrivateKey privateKey() throws JOSEException {
		return (this.signingKey != null) ? this.signingKey : TestTokens.key().toPrivateKey();
	}

}
