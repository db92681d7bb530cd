package com.example.platform.local;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiResponseTests {

	@Test
	void readsTheTokenAndIdsFromFlatJson() {
		ApiResponse response = new ApiResponse(200,
				"{\"access_token\":\"a.b.c\",\"token_type\":\"Bearer\",\"expires_in\":900}",
				HttpHeaders.of(Map.of("Content-Type", List.of("application/json;charset=UTF-8")), (a, b) -> true));

		assertThat(response.field("access_token")).contains("a.b.c");
		assertThat(response.field("missing")).isEmpty();
		assertThat(response.contentType()).isEqualTo("application/json");
	}

	@Test
	void readsTheSubjectOfAToken() {
		String payload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"sub\":\"3f2c\",\"roles\":[\"USER\"]}".getBytes(StandardCharsets.UTF_8));

		assertThat(PlatformClient.subjectOf("eyJhbGciOiJSUzI1NiJ9." + payload + ".sig")).isEqualTo("3f2c");
	}

}
