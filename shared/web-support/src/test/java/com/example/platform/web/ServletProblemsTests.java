package com.example.platform.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ServletProblemsTests {

	@Test
	void writesTheProblemWithTheRequestPathAsInstance() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		ServletProblems.write(new MockHttpServletRequest("POST", "/api/things"), response,
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must name one media type.");

		assertThat(response.getStatus()).isEqualTo(415);
		assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
		JsonNode problem = JsonMapper.shared().readTree(response.getContentAsByteArray());
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(problem.get("title").asString()).isEqualTo("Unsupported Media Type");
		assertThat(problem.get("status").asInt()).isEqualTo(415);
		assertThat(problem.get("detail").asString()).isEqualTo("Content-Type must name one media type.");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/things");
	}

	@Test
	void titlesAStatusHttpDoesNotName() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		ServletProblems.write(new MockHttpServletRequest("GET", "/api/things"), response, 599, "injected");

		assertThat(response.getStatus()).isEqualTo(599);
		assertThat(JsonMapper.shared().readTree(response.getContentAsByteArray()).get("title").asString())
			.isEqualTo("Error");
	}

}
