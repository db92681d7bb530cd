package com.example.platform.gateway.error;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	@Test
	void waitsForOneTokenAtTheReplenishRate() {
		assertThat(RateLimitHeaders.retryAfterSeconds(headers("5", "1"))).isEqualTo(1);
		assertThat(RateLimitHeaders.retryAfterSeconds(headers("1", "3"))).isEqualTo(3);
		assertThat(RateLimitHeaders.retryAfterSeconds(headers("2", "3"))).isEqualTo(2);
	}

	@Test
	void waitsOneSecondWhenTheBucketIsUnknown() {
		assertThat(RateLimitHeaders.retryAfterSeconds(new HttpHeaders())).isEqualTo(1);
		assertThat(RateLimitHeaders.retryAfterSeconds(headers("0", "x"))).isEqualTo(1);
	}

	private static HttpHeaders headers(String replenishRate, String requestedTokens) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-RateLimit-Replenish-Rate", replenishRate);
		headers.set("X-RateLimit-Requested-Tokens", requestedTokens);
		return headers;
	}

}
