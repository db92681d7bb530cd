package com.example.platform.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.example.platform.security.Caller;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.user.accounts.UserAccounts;
import com.example.platform.user.accounts.UserCredentials;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/**
 * Issues tokens: to users for their email and password, and to services for their client
 * credentials.
 */
@Service
class TokenService {

	private final UserAccounts accounts;

	private final PasswordEncoder passwords;

	private final LoginThrottle throttle;

	private final JwtEncoder encoder;

	private final SigningKeys keys;

	private final AuthProperties properties;

	private final PlatformSecurityProperties security;

	// Checked against when the email is unknown, so an unknown email costs as much time
	// as
	// a wrong password and response times do not reveal which emails exist.
	private final String decoyHash;

	TokenService(UserAccounts accounts, PasswordEncoder passwords, LoginThrottle throttle, JwtEncoder encoder,
			SigningKeys keys, AuthProperties properties, PlatformSecurityProperties security) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.throttle = throttle;
		this.encoder = encoder;
		this.keys = keys;
		this.properties = properties;
		this.security = security;
		this.decoyHash = passwords.encode(UUID.randomUUID().toString());
	}

	TokenResponse issueUserToken(TokenRequest request, String clientAddress) {
		this.throttle.acquire(request.email(), clientAddress);
		Optional<UserCredentials> credentials = this.accounts.credentialsOf(request.email());
		String hash = credentials.map(UserCredentials::passwordHash).orElse(null);
		boolean matches = this.passwords.matches(request.password(), (hash != null) ? hash : this.decoyHash);
		if (!matches || hash == null) {
			throw InvalidCredentialsException.forUser();
		}
		this.throttle.reset(request.email(), clientAddress);
		UserCredentials user = credentials.get();
		return issue(user.userId().toString(), user.role());
	}

	TokenResponse issueClientToken(String clientId, String secret) {
		boolean valid = false;
		for (AuthProperties.Client client : this.properties.clients()) {
			// Every client is compared, in constant time, so timing tells nothing about
			// ids
			// or secrets.
			boolean match = constantTimeEquals(client.id(), clientId) & constantTimeEquals(client.secret(), secret);
			valid |= match;
		}
		if (!valid) {
			throw InvalidCredentialsException.forClient();
		}
		return issue(clientId, Caller.SERVICE);
	}

	private TokenResponse issue(String subject, String role) {
		Instant now = Instant.now();
		Instant expiresAt = now.plus(this.properties.token().ttl());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.security.issuer())
			.audience(List.of(this.security.audience()))
			.subject(subject)
			.issuedAt(now)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim("roles", List.of(role))
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256)
			.keyId(this.keys.active().getKeyID())
			.type("JWT")
			.build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return TokenResponse.bearer(token, this.properties.token().ttl().toSeconds());
	}

	// Digests first, so the comparison takes the same time whatever the lengths.
	private static boolean constantTimeEquals(String expected, String actual) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[] a = sha256.digest(expected.getBytes(StandardCharsets.UTF_8));
			byte[] b = sha256.digest(((actual != null) ? actual : "").getBytes(StandardCharsets.UTF_8));
			return MessageDigest.isEqual(a, b);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
