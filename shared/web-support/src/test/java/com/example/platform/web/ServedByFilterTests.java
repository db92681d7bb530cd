package com.example.platform.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ServedByFilterTests {

	@Test
	void namesTheEurekaInstanceWhereThereIsOne() throws Exception {
		// In compose both user-service instances listen on 8081: only their ids differ.
		assertThat(servedBy(new ServedByFilter("user-service", "user-service-2:8081"), 8081))
			.isEqualTo("user-service-2:8081");
	}

	@Test
	void namesApplicationAndPortOtherwise() throws Exception {
		assertThat(servedBy(new ServedByFilter("user-service", ""), 18082)).isEqualTo("user-service:18082");
	}

	private static String servedBy(ServedByFilter filter, int port) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/1");
		request.setLocalPort(port);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getHeader(ServedByFilter.HEADER);
	}

}
