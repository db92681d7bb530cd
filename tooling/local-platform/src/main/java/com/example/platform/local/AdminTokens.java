package com.example.platform.local;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.platform.tokens.ClaimPolicy;
import com.example.platform.tokens.PinnedJwkSet;
import com.example.platform.tokens.Rs256Only;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
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

	/**
	 * @param keySetUris the issuer's pinned key set addresses
	 * @param issuer the tokens' {@code iss}
	 * @param audience the tokens' {@code aud}
	 * @param tls the launcher's certificate for https addresses, which the issuer's
	 * instances serve with mutual TLS; {@code null} for plain HTTP ones only
	 */
	AdminTokens(List<URI> keySetUris, String issuer, String audience, SslBundle tls) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(KEY_SET_TIMEOUT, KEY_SET_TIMEOUT)
			.withSslBundle(tls);
		PinnedJwkSet keys = new PinnedJwkSet(new RestTemplate(ClientHttpRequestFactoryBuilder.jdk().build(settings)),
				keySetUris, REFETCH_INTERVAL, Clock.systemUTC());
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
