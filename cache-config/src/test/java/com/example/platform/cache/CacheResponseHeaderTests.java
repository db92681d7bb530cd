package com.example.platform.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class CacheResponseHeaderTests {

	private final CacheResponseHeader header = new CacheResponseHeader();

	@AfterEach
	void leaveTheRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void namesEachLookupOfTheRequestInItsAnswer() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest(), response));

		this.header.looked("users", "miss");
		this.header.looked("products", "hit");

		assertThat(response.getHeaders("X-Cache")).containsExactly("users=miss", "products=hit");
	}

	@Test
	void reportsNothingOutsideARequestOrOnceTheAnswerIsSent() {
		this.header.looked("users", "hit");

		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setCommitted(true);
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest(), response));
		this.header.looked("users", "hit");

		assertThat(response.getHeaderNames()).doesNotContain("X-Cache");
	}

}
