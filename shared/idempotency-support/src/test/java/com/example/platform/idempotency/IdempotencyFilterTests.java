package com.example.platform.idempotency;

import java.util.HexFormat;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

// What is decided before the key store answers, and a store that cannot be reached; the
// store itself is proven by IdempotencyIT against PostgreSQL.
class IdempotencyFilterTests {

	// Defaults as bound from an empty environment; no key store, as none is reached here.
	private final IdempotencyFilter filter = new IdempotencyFilter(null,
			new IdempotencyMetrics(new SimpleMeterRegistry()), Binder.get(new StandardEnvironment())
				.bindOrCreate("platform.idempotency", Bindable.of(IdempotencyProperties.class)));

	@Test
	void acceptsOneTo255VisibleAsciiCharacters() {
		assertThat(IdempotencyFilter.isValidKey("a")).isTrue();
		assertThat(IdempotencyFilter.isValidKey("k".repeat(255))).isTrue();
		assertThat(IdempotencyFilter.isValidKey("!~0aZ-_:{}")).isTrue();
	}

	@Test
	void refusesEmptyLongBlankControlAndNonAsciiKeys() {
		assertThat(IdempotencyFilter.isValidKey(null)).isFalse();
		assertThat(IdempotencyFilter.isValidKey("")).isFalse();
		assertThat(IdempotencyFilter.isValidKey("k".repeat(256))).isFalse();
		assertThat(IdempotencyFilter.isValidKey("two words")).isFalse();
		assertThat(IdempotencyFilter.isValidKey("tab\t")).isFalse();
		assertThat(IdempotencyFilter.isValidKey("caf\u00e9")).isFalse();
	}

	@Test
	void hashesTheBodyWithSha256() {
		assertThat(HexFormat.of().formatHex(IdempotencyFilter.sha256("abc".getBytes())))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void answersAMalformedKeyWithProblemJson() throws Exception {
		MockHttpServletRequest request = post("two words");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		this.filter.doFilter(request, response, chain);

		assertThat(chain.getRequest()).isNull();
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":400")
			.contains("\"instance\":\"/api/things\"")
			.contains("Idempotency-Key must be 1 to 255 visible ASCII characters");
	}

	@Test
	void passesThroughRequestsWithoutAKeyOtherMethodsAndForms() throws Exception {
		MockHttpServletRequest withoutKey = post(null);
		MockHttpServletRequest put = post("key");
		put.setMethod("PUT");
		MockHttpServletRequest form = post("key");
		form.setContentType("application/x-www-form-urlencoded");

		for (MockHttpServletRequest request : new MockHttpServletRequest[] { withoutKey, put, form }) {
			MockFilterChain chain = new MockFilterChain();
			this.filter.doFilter(request, new MockHttpServletResponse(), chain);

			assertThat(chain.getRequest()).isSameAs(request);
		}
	}

	@Test
	void passesThroughBodiesDeclaredLargerThanTheCap() throws Exception {
		MockHttpServletRequest request = post("key");
		request.setContent(new byte[64 * 1024 + 1]);
		MockFilterChain chain = new MockFilterChain();

		this.filter.doFilter(request, new MockHttpServletResponse(), chain);

		assertThat(chain.getRequest()).isSameAs(request);
	}

	// The primary down: connecting is refused, as when the server is stopped.
	@Test
	void neverStoresTheTokenEndpoint() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletRequest login = post("key-1");
		login.setRequestURI("/api/auth/token");

		// No key store: reaching it would fail. The request goes straight on.
		this.filter.doFilter(login, response, chain);

		assertThat(chain.getRequest()).isSameAs(login);
	}

	@Test
	void fingerprintsBodiesWithTheSecretWhenOneIsSet() {
		byte[] body = "{\"email\":\"ada@example.com\",\"password\":\"guess\"}".getBytes();
		IdempotencyFilter keyed = new IdempotencyFilter(null, new IdempotencyMetrics(new SimpleMeterRegistry()),
				new Binder(new MapConfigurationPropertySource(
						Map.of("platform.idempotency.fingerprint-secret", "a secret of the deployment")))
					.bindOrCreate("platform.idempotency", Bindable.of(IdempotencyProperties.class)));
		IdempotencyFilter otherSecret = new IdempotencyFilter(null, new IdempotencyMetrics(new SimpleMeterRegistry()),
				new Binder(new MapConfigurationPropertySource(
						Map.of("platform.idempotency.fingerprint-secret", "another secret")))
					.bindOrCreate("platform.idempotency", Bindable.of(IdempotencyProperties.class)));

		assertThat(keyed.fingerprint(body)).isNotEqualTo(IdempotencyFilter.sha256(body))
			.isEqualTo(keyed.fingerprint(body.clone()))
			.isNotEqualTo(otherSecret.fingerprint(body));
	}

	@Test
	void answers503WhenTheKeyStoreCannotBeReached() throws Exception {
		IdempotencyProperties properties = Binder.get(new StandardEnvironment())
			.bindOrCreate("platform.idempotency", Bindable.of(IdempotencyProperties.class));
		DriverManagerDataSource stopped = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/unreachable");
		IdempotencyKeys unreachable = new IdempotencyKeys(JdbcClient.create(stopped),
				new ClaimLocks(stopped, properties.ownerTimeout()), properties);
		IdempotencyFilter filter = new IdempotencyFilter(unreachable, new IdempotencyMetrics(new SimpleMeterRegistry()),
				properties);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		filter.doFilter(post("key-1"), response, chain);

		assertThat(chain.getRequest()).isNull();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isNotBlank();
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("database is unavailable");
	}

	private static MockHttpServletRequest post(String key) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		request.setContentType("application/json");
		request.setContent("{}".getBytes());
		if (key != null) {
			request.addHeader(IdempotencyFilter.KEY_HEADER, key);
		}
		return request;
	}

}
