package com.example.platform.security;

import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.cache.Cache;
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
import org.springframework.web.client.RestOperations;

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
	 * A decoder that fetches the keys from the JWKS URI, caches them and refetches when a
	 * token names an unknown key id.
	 * <p>
	 * The keys are kept until such a token arrives rather than for Nimbus's default five
	 * minutes: otherwise a user-service outage that outlasts the expiry would make every
	 * other service refuse every token, including the ones it could verify, and the
	 * order-service fallback for a user-service outage could never be reached. The
	 * gateway's reactive decoder keeps its keys the same way.
	 * @param restOperations the client the key set is fetched with (load-balanced for a
	 * service name as host)
	 * @param keys where the fetched key set is kept, keyed by the key set URI (shared
	 * with the {@link JwkSetPrefetcher})
	 * @param properties the platform's token settings
	 * @return the decoder
	 */
	public static JwtDecoder fromJwkSetUri(RestOperations restOperations, Cache keys,
			PlatformSecurityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(restOperations)
			.cache(keys)
			.build();
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	/**
	 * A decoder over keys the application holds itself (user-service, which signs).
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
