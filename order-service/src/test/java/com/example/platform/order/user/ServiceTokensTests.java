package com.example.platform.order.user;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.example.platform.testsupport.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.test.web.client.ResponseCreator;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.client.ExpectedCount.once;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

class ServiceTokensTests {

	private static final String TOKEN_URI = "http://user-service/api/auth/token";

	// Basic base64("order-service:s3cret")
	private static final String BASIC = "Basic b3JkZXItc2VydmljZTpzM2NyZXQ=";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private MockRestServiceServer userService;

	private ServiceTokens tokens;

	@BeforeEach
	void tokens() {
		RestClient.Builder builder = RestClient.builder().baseUrl("http://user-service");
		this.userService = MockRestServiceServer.bindTo(builder).build();
		this.tokens = new ServiceTokens(builder.build(), "order-service", "s3cret", Duration.ofSeconds(60), this.clock);
	}

	@Test
	void fetchesTokenWithClientCredentials() {
		this.userService.expect(once(), requestTo(TOKEN_URI))
			.andExpect(method(HttpMethod.POST))
			.andExpect(header(HttpHeaders.AUTHORIZATION, BASIC))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED))
			.andExpect(content().string("grant_type=client_credentials"))
			.andRespond(token("first", 900));

		assertThat(this.tokens.current()).isEqualTo("first");
		this.userService.verify();
	}

	@Test
	void formEncodesTheCredentialsBeforeBasicAsUserServiceDecodesThem() {
		// A generated secret is base64: '+' and '/' must survive user-service's form
		// decoding (RFC 6749 2.3.1).
		RestClient.Builder builder = RestClient.builder().baseUrl("http://user-service");
		MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
		ServiceTokens base64Secret = new ServiceTokens(builder.build(), "order-service", "a+b/c=",
				Duration.ofSeconds(60), this.clock);
		String encoded = Base64.getEncoder()
			.encodeToString("order-service:a%2Bb%2Fc%3D".getBytes(StandardCharsets.UTF_8));
		server.expect(once(), requestTo(TOKEN_URI))
			.andExpect(header(HttpHeaders.AUTHORIZATION, "Basic " + encoded))
			.andRespond(token("first", 900));

		assertThat(base64Secret.current()).isEqualTo("first");
		server.verify();
	}

	@Test
	void reusesTokenUntilTheMarginBeforeItsExpiry() {
		this.userService.expect(once(), requestTo(TOKEN_URI)).andRespond(token("first", 900));
		this.userService.expect(once(), requestTo(TOKEN_URI)).andRespond(token("second", 900));

		assertThat(this.tokens.current()).isEqualTo("first");
		this.clock.advance(Duration.ofSeconds(839));
		assertThat(this.tokens.current()).isEqualTo("first");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.tokens.current()).isEqualTo("second");
		this.userService.verify();
	}

	@Test
	void replacesARejectedTokenOnceEvenWhenSeveralCallersReportIt() {
		this.userService.expect(once(), requestTo(TOKEN_URI)).andRespond(token("first", 900));
		this.userService.expect(once(), requestTo(TOKEN_URI)).andRespond(token("second", 900));
		String rejected = this.tokens.current();

		assertThat(this.tokens.replace(rejected)).isEqualTo("second");
		assertThat(this.tokens.replace(rejected)).isEqualTo("second");
		assertThat(this.tokens.current()).isEqualTo("second");
		this.userService.verify();
	}

	@Test
	void failsWhenUserServiceRefusesTheCredentials() {
		this.userService.expect(once(), requestTo(TOKEN_URI)).andRespond(withStatus(HttpStatus.UNAUTHORIZED));

		assertThatExceptionOfType(RestClientException.class).isThrownBy(this.tokens::current);
	}

	@Test
	void failsOnTokenResponseWithoutExpiry() {
		this.userService.expect(once(), requestTo(TOKEN_URI))
			.andRespond(withSuccess("{\"access_token\":\"t\",\"token_type\":\"Bearer\"}", MediaType.APPLICATION_JSON));

		assertThatExceptionOfType(RestClientException.class).isThrownBy(this.tokens::current)
			.withMessageContaining("expires_in");
	}

	private static ResponseCreator token(String value, long expiresIn) {
		return withSuccess("""
				{"access_token":"%s","token_type":"Bearer","expires_in":%d,"scope":"ignored"}""".formatted(value,
				expiresIn), MediaType.APPLICATION_JSON);
	}

}
