package com.example.platform.security;

import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The platform's token rules in one place, so the services, and user-service with its own
 * keys, validate alike: RS256 only (so {@code alg: none} and HMAC tokens forged with the
 * public key are rejected), an expiry that must be present and not passed (a minute of
 * clock skew), the platform's issuer and audience, and a subject.
 */
public final class PlatformJwtDecoders {

	private PlatformJwtDecoders() {
	}

	/**
	 * A decoder over the given keys: those user-service holds itself (it signs), or the
	 * {@link RemoteJwkSet} every other service fetches from it.
	 * @param keys the public keys
	 * @param properties the platform's token settings
	 * @return the decoder
	 */
	public static JwtDecoder fromJwkSource(JWKSource<SecurityContext> keys, PlatformSecurityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.RS256).build();
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	/**
	 * The claim checks every decoder applies after the signature.
	 * @param properties the platform's token settings
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> validator(PlatformSecurityProperties properties) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator();
		// A token without exp would never expire.
		timestamps.setAllowEmptyExpiryClaim(false);
		return new DelegatingOAuth2TokenValidator<>(List.of(timestamps, new JwtIssuerValidator(properties.issuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(properties.audience())),
				new JwtClaimValidator<String>(JwtClaimNames.SUB, Objects::nonNull)));
	}

}
