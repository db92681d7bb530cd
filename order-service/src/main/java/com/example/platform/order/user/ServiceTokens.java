package com.example.platform.order.user;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * order-service's own access token for user-service, obtained with its client credentials
 * (OAuth2 {@code client_credentials}) and reused until shortly before it expires. An end
 * user's token is never involved: user-service sees order-service, with the
 * {@code SERVICE} role and nothing more.
 */
class ServiceTokens {

	private static final Logger log = LoggerFactory.getLogger(ServiceTokens.class);

	private static final String GRANT = "grant_type=client_credentials";

	private final RestClient userService;

	private final String clientId;

	private final String clientSecret;

	private final Duration refreshMargin;

	private final Clock clock;

	// One fetch at a time: callers arriving while a token is fetched wait for it instead
	// of asking for one each.
	private final Lock lock = new ReentrantLock();

	private volatile Token token;

	ServiceTokens(RestClient userService, String clientId, String clientSecret, Duration refreshMargin, Clock clock) {
		this.userService = userService;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.refreshMargin = refreshMargin;
		this.clock = clock;
	}

	/**
	 * A token that is valid for a while yet, fetched only when the cached one is near
	 * expiry.
	 * @return the access token
	 * @throws RestClientException if user-service cannot issue one
	 */
	String current() {
		Token cached = this.token;
		if (cached != null && cached.isFreshAt(this.clock.instant())) {
			return cached.value();
		}
		return renew(null);
	}

	/**
	 * A token other than the one user-service just refused, for example because it was
	 * signed with a key that has since been retired.
	 * @param rejected the refused token
	 * @return a new access token
	 * @throws RestClientException if user-service cannot issue one
	 */
	String replace(String rejected) {
		return renew(rejected);
	}

	private String renew(String rejected) {
		this.lock.lock();
		try {
			// Another caller may have fetched a new one while this one waited.
			Token cached = this.token;
			if (cached != null && !cached.value().equals(rejected) && cached.isFreshAt(this.clock.instant())) {
				return cached.value();
			}
			this.token = fetch();
			return this.token.value();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Token fetch() {
		Instant requestedAt = this.clock.instant();
		TokenResponse response;
		try {
			response = this.userService.post()
				.uri("/api/auth/token")
				// RFC 6749 2.3.1: id and secret are form-encoded before Basic, and
				// user-service decodes them; a
				// generated (base64) secret with '+' would otherwise arrive with a blank
				// in its place.
				.headers((headers) -> headers.setBasicAuth(formEncoded(this.clientId), formEncoded(this.clientSecret)))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(GRANT)
				.retrieve()
				.body(TokenResponse.class);
		}
		catch (HttpClientErrorException.Unauthorized ex) {
			log.warn("user-service refused the client credentials of '{}': check order.user-service.client-secret",
					this.clientId);
			throw ex;
		}
		if (response == null || response.accessToken() == null || response.accessToken().isBlank()
				|| response.expiresIn() == null || response.expiresIn() <= 0) {
			throw new RestClientException("user-service's token response lacks access_token or expires_in");
		}
		// Counted from before the request, so the token is renewed early rather than
		// late.
		Instant expiresAt = requestedAt.plusSeconds(response.expiresIn());
		return new Token(response.accessToken(), expiresAt.minus(this.refreshMargin));
	}

	private record Token(String value, Instant renewAt) {

		boolean isFreshAt(Instant now) {
			return now.isBefore(this.renewAt);
		}

		@Override
		public String toString() {
			return "Token[renewAt=" + this.renewAt + "]";
		}

	}

	// The OAuth2 token response; fields added later (scope, ...) are no reason to fail.
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") Long expiresIn) {

		@Override
		public String toString() {
			return "TokenResponse[tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn + "]";
		}

	}

	private static String formEncoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
