package com.example.platform.security;

import java.time.Clock;
import java.util.Map;

import com.example.platform.tokens.ClaimPolicy;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.Rs256Only;
import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.tokens.VerifiedTokens;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The platform's token rules in one place, so the services, and user-service with its own
 * keys, validate alike: RS256 only (so {@code alg: none} and HMAC tokens forged with the
 * public key are rejected), then the claim checks of {@link ClaimPolicy}, the gateway's
 * too.
 */
public final class PlatformJwtDecoders {

	private PlatformJwtDecoders() {
	}

	/**
	 * A decoder over the given keys: those user-service holds itself (it signs), or the
	 * {@link com.example.platform.tokens.PinnedJwkSet} every other service fetches from
	 * it.
	 * @param keys the public keys
	 * @param properties the platform's token settings
	 * @param revoked subjects whose tokens are refused
	 * @return the decoder
	 */
	public static JwtDecoder fromJwkSource(JWKSource<SecurityContext> keys, PlatformSecurityProperties properties,
			RevokedSubjects revoked) {
		return new VerifiedTokenCache(verifier(keys, properties),
				new VerifiedTokens(properties.verifiedTokens(), ClaimPolicy.CLOCK_SKEW, Clock.systemUTC()), revoked);
	}

	/**
	 * Checks every token it is given: the signature, then {@link #validator}.
	 * @param keys the public keys
	 * @param properties the platform's token settings
	 * @return the decoder, without the cache of verified tokens
	 */
	static JwtDecoder verifier(JWKSource<SecurityContext> keys, PlatformSecurityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.RS256).build();
		decoder.setJwtValidator(validator(properties));
		// Spring Security's default turns iss into a URL where it can; the platform's
		// issuer is a plain name, so that failed, with an exception, on every token.
		decoder.setClaimSetConverter(MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.ISS, (issuer) -> (issuer != null) ? issuer.toString() : null)));
		return (token) -> decoder.decode(Rs256Only.check(token));
	}

	/**
	 * The claim checks every decoder applies after the signature.
	 * @param properties the platform's token settings
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> validator(PlatformSecurityProperties properties) {
		return ClaimPolicy.validator(properties.issuer(), properties.audience(), Clock.systemUTC());
	}

}
