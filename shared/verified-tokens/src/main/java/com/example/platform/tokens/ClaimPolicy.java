package com.example.platform.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The claim checks every validator of the platform applies after the signature, the
 * gateway's reactive one and the services' blocking one alike, so a token is accepted or
 * refused the same way wherever it is shown (before, a token expired 30 s ago passed the
 * services' minute of skew but not the gateway's 30 s, and a blank {@code sub} passed the
 * services).
 * <ul>
 * <li>{@code exp} present and not passed, {@code nbf} reached, both with
 * {@link #CLOCK_SKEW};</li>
 * <li>{@code iat} present, not in the future, and {@code exp} at most
 * {@link #MAX_LIFETIME} after it and after now: a token signed with a stolen key, or
 * issued by mistake, cannot live for a century;</li>
 * <li>the platform's {@code iss}, an {@code aud} containing the platform's audience, and
 * a {@code sub} that is not blank (it keys ownership checks and per-user limits).</li>
 * </ul>
 */
public final class ClaimPolicy {

	/** How far the issuer's clock may be ahead or behind. */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	/**
	 * The longest lifetime a token may claim. user-service issues 15-minute tokens; its
	 * token TTL must stay within this.
	 */
	public static final Duration MAX_LIFETIME = Duration.ofHours(1);

	private ClaimPolicy() {
	}

	/**
	 * The validator for the platform's tokens.
	 * @param issuer the {@code iss} every token must carry
	 * @param audience the {@code aud} every token must contain
	 * @param clock the validator's clock
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Clock clock) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setClock(clock);
		// A token without exp would never expire.
		timestamps.setAllowEmptyExpiryClaim(false);
		return new DelegatingOAuth2TokenValidator<>(List.of(timestamps, new JwtIssuerValidator(issuer),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(claimed) -> claimed != null && claimed.contains(audience)),
				new JwtClaimValidator<String>(JwtClaimNames.SUB, (subject) -> subject != null && !subject.isBlank()),
				(jwt) -> lifetime(jwt, clock.instant())));
	}

	private static OAuth2TokenValidatorResult lifetime(Jwt jwt, Instant now) {
		Instant issuedAt = jwt.getIssuedAt();
		Instant expiresAt = jwt.getExpiresAt();
		if (issuedAt == null) {
			return invalid("The token has no iat (issued at) claim");
		}
		if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
			return invalid("The token was issued in the future");
		}
		if (expiresAt != null && (Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0
				|| expiresAt.isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW)))) {
			return invalid("The token claims a lifetime longer than " + MAX_LIFETIME.toMinutes() + " minutes");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
