package com.example.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSizeLimitFilterTests {

	private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(DataSize.ofBytes(10));

	@Test
	void rejectsDeclaredLengthAboveTheLimitWithoutReadingTheBody() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		request.setContent("12345678901".getBytes(StandardCharsets.UTF_8));
		MockFilterChain chain = new MockFilterChain();

		MockHttpServletResponse response = filter(request, chain);

		assertTooLarge(response);
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void passesBodiesUpToTheLimit() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		request.setContent("1234567890".getBytes(StandardCharsets.UTF_8));
		MockFilterChain chain = new MockFilterChain();

		MockHttpServletResponse response = filter(request, chain);

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	@Test
	void rejectsChunkedBodyThatGrowsBeyondTheLimit() throws Exception {
		MockFilterChain chain = new MockFilterChain();

		MockHttpServletResponse response = filter(chunked("12345678901"), chain);

		assertTooLarge(response);
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void passesSmallChunkedBodyOnIntact() throws Exception {
		MockFilterChain chain = new MockFilterChain();

		MockHttpServletResponse response = filter(chunked("{\"a\":1}"), chain);

		assertThat(response.getStatus()).isEqualTo(200);
		HttpServletRequest passed = (HttpServletRequest) chain.getRequest();
		assertThat(passed.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
	}

	// A later filter (the idempotency keys') reads the start of the body and wraps the
	// request again: the rest must follow, not the whole body a second time.
	@Test
	void readsChunkedBodyOnlyOnceAcrossStreamLookups() throws Exception {
		MockFilterChain chain = new MockFilterChain();

		filter(chunked("{\"a\":1}"), chain);

		HttpServletRequest passed = (HttpServletRequest) chain.getRequest();
		byte[] head = passed.getInputStream().readNBytes(3);
		byte[] rest = passed.getInputStream().readAllBytes();
		assertThat(new String(head, StandardCharsets.UTF_8) + new String(rest, StandardCharsets.UTF_8))
			.isEqualTo("{\"a\":1}");
	}

	private MockHttpServletResponse filter(MockHttpServletRequest request, MockFilterChain chain)
			throws ServletException, IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, chain);
		return response;
	}

	private static MockHttpServletRequest chunked(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}

		};
		request.setContentType(MediaType.APPLICATION_JSON_VALUE);
		request.addHeader("Transfer-Encoding", "chunked");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static void assertTooLarge(MockHttpServletResponse response) throws IOException {
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(response.getContentAsString()).contains("\"status\":413").contains("10 bytes");
	}

}
