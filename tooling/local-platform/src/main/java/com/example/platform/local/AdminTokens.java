package com.example.platform.local;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.platform.tokens.ClaimPolicy;
import com.example.platform.tokens.PinnedJwkSet;
import com.example.platform.tokens.Rs256Only;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Decides whether a request to the launcher's control endpoint comes from the platform's
 * administrator: a bearer token signed by one of user-service's published keys (fetched
 * from the same pinned addresses the applications use, {@link PinnedJwkSet}), passing the
 * platform's claim checks ({@link ClaimPolicy}), with the role ADMIN. Checked as the
 * gateway and the services check it, since the endpoint stops processes.
 */
final class AdminTokens {

	private static final Duration KEY_SET_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);

	private final NimbusJwtDecoder decoder;

	AdminTokens(List<URI> keySetUris, String issuer, String audience) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(KEY_SET_TIMEOUT);
		requests.setReadTimeout(KEY_SET_TIMEOUT);
		PinnedJwkSet keys = new PinnedJwkSet(new RestTemplate(requests), keySetUris, REFETCH_INTERVAL,
				Clock.systemUTC());
		this.decoder = NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.RS256).build();
		this.decoder.setJwtValidator(ClaimPolicy.validator(issuer, audience, Clock.systemUTC()));
		// The platform's issuer is a plain name, not the URL Spring Security's default
		// converter expects.
		this.decoder.setClaimSetConverter(MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.ISS, (value) -> (value != null) ? value.toString() : null)));
	}

	/**
	 * @param authorization the request's {@code Authorization} header, maybe {@code null}
	 * @return the verdict
	 */
	Verdict check(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Verdict.ANONYMOUS;
		}
		Jwt jwt;
		try {
			jwt = this.decoder.decode(Rs256Only.check(authorization.substring(7).strip()));
		}
		catch (JwtException | IllegalArgumentException ex) {
			return Verdict.ANONYMOUS;
		}
		List<String> roles = jwt.getClaimAsStringList("roles");
		return (roles != null && roles.contains("ADMIN")) ? Verdict.ADMIN : Verdict.NOT_ADMIN;
	}

	/** Who sent a request. */
	enum Verdict {

		/** No token, or one that is not the platform's: 401. */
		ANONYMOUS,

		/** A valid token without the ADMIN role: 403. */
		NOT_ADMIN,

		/** The administrator. */
		ADMIN

	}

}
