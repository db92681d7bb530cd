package com.example.platform.idempotency;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class BufferedRequestTests {

	@Test
	void replaysTheBytesAlreadyReadFollowedByTheRest() throws Exception {
		MockHttpServletRequest original = new MockHttpServletRequest("POST", "/");
		original.setContent("hello world".getBytes(StandardCharsets.UTF_8));
		byte[] head = original.getInputStream().readNBytes(5);

		BufferedRequest buffered = new BufferedRequest(original, head);

		assertThat(new String(buffered.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.isEqualTo("hello world");
		assertThat(buffered.getInputStream().isFinished()).isTrue();
	}

	@Test
	void readsTheBodyAsTextInTheRequestsEncoding() throws Exception {
		MockHttpServletRequest original = new MockHttpServletRequest("POST", "/");
		original.setCharacterEncoding("ISO-8859-1");
		original.setContent("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
		byte[] head = original.getInputStream().readAllBytes();

		BufferedRequest buffered = new BufferedRequest(original, head);

		assertThat(buffered.getReader().readLine()).isEqualTo("caf\u00e9");
	}

}
