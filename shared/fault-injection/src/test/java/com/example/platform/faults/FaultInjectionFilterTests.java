package com.example.platform.faults;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class FaultInjectionFilterTests {

	// Every request under /** fails, as far as the injector is concerned.
	private final FaultInjectionFilter filter = new FaultInjectionFilter(new FaultInjector(
			new FaultProperties(true, Duration.ofSeconds(30), new Faults(null, 1.0, 503, "/**"), Duration.ZERO),
			new SimpleMeterRegistry(), () -> 0L), "/manage");

	@ParameterizedTest
	@ValueSource(
			strings = { "/api/admin/faults", "/api/admin/dead-letters/replay", "/manage/health", "/manage/prometheus" })
	void neverTouchesAdminEndpointsOrActuator(String path) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(new MockHttpServletRequest("GET", path), response, chain);

		assertThat(chain.getRequest()).isNotNull();
		assertThat(response.getStatus()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/orders", "/api/administrators", "/actuator/health" })
	void answersMatchingRequestsWithTheInjectedProblem(String path) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(new MockHttpServletRequest("GET", path), response, chain);

		assertThat(chain.getRequest()).isNull();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getHeader(FaultInjectionFilter.INJECTED_HEADER)).isEqualTo("error");
		assertThat(response.getContentAsString()).contains("\"title\":\"Service Unavailable\"")
			.contains("\"instance\":\"" + path + "\"");
	}

}
