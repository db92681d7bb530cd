package com.example.platform.idempotency;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingResponseTests {

	@ParameterizedTest
	@ValueSource(ints = { 200, 201, 204, 400, 403, 404, 409, 422 })
	void keepsAnswersThatAreFinal(int status) {
		RecordingResponse response = new RecordingResponse(new MockHttpServletResponse());
		response.setStatus(status);

		assertThat(response.isFinal()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 429, 500, 502, 503, 504 })
	void releasesAnswersThatInviteARetry(int status) {
		RecordingResponse response = new RecordingResponse(new MockHttpServletResponse());
		response.setStatus(status);

		assertThat(response.isFinal()).isFalse();
	}

	@Test
	void releasesErrorsTheContainerRendersLater() throws Exception {
		RecordingResponse response = new RecordingResponse(new MockHttpServletResponse());
		response.sendError(400);

		assertThat(response.isFinal()).isFalse();
	}

	@Test
	void storesStatusContentTypeLocationAndBody() throws Exception {
		RecordingResponse response = new RecordingResponse(new MockHttpServletResponse());
		response.setStatus(201);
		response.setContentType("application/json");
		response.setHeader("Location", "/api/things/1");
		response.getWriter().write("{\"id\":1}");
		response.getWriter().flush();

		StoredResponse stored = response.toStored(List.of());

		assertThat(stored.status()).isEqualTo(201);
		assertThat(stored.contentType()).startsWith("application/json");
		assertThat(stored.location()).isEqualTo("/api/things/1");
		assertThat(new String(stored.body())).isEqualTo("{\"id\":1}");
	}

	@Test
	void storesTheHeadersTheServiceNamesAndReadsThemBack() throws Exception {
		RecordingResponse response = new RecordingResponse(new MockHttpServletResponse());
		response.setStatus(201);
		response.setHeader("X-User-Check", "degraded");
		response.setHeader("X-Other", "not kept");

		StoredResponse stored = response.toStored(List.of("X-User-Check", "X-Absent"));

		assertThat(stored.headers()).containsExactly(Map.entry("X-User-Check", "degraded"));
		assertThat(StoredResponse.parseHeaderLines(stored.headerLines())).isEqualTo(stored.headers());
		assertThat(new StoredResponse(200, null, null, Map.of(), new byte[0]).headerLines()).isNull();
	}

}
