package com.example.platform.security;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

// Real tokens through the real filter chain; keys fetched from the test JWKS server.
@WebMvcTest(properties = { "platform.security.public-paths[0]=POST /api/public",
		"platform.security.public-paths[1]=GET /.well-known/**" })
@Import(SecurityFilterChainTests.SampleController.class)
class SecurityFilterChainTests {

	private static final UUID ADA = UUID.randomUUID();

	@Autowired
	MockMvcTester mvc;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("platform.security.jwk-set-uri", () -> TestTokens.jwksServer() + TestTokens.JWKS_PATH);
	}

	@Test
	void answersMissingTokenWith401Problem() {
		MvcTestResult result = this.mvc.get().uri("/api/things").exchange();

		assertUnauthorized(result, "Missing bearer token");
		assertThat(result).headers().hasValue(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void letsValidTokenThroughWithItsCaller() {
		MvcTestResult result = get("/api/things", TestTokens.user(ADA));

		assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				{"subject": "%s", "roles": ["USER"]}""".formatted(ADA));
	}

	@Test
	void namesWhatIsWrongWithTheToken() {
		assertUnauthorized(get("/api/things", TestTokens.expired(ADA)), "Bearer token expired");
		assertUnauthorized(get("/api/things", ForgedTokens.wrongIssuer(ADA)), "Bearer token has the wrong issuer");
		assertUnauthorized(get("/api/things", ForgedTokens.wrongAudience(ADA)), "Bearer token has the wrong audience");
		assertUnauthorized(get("/api/things", ForgedTokens.wrongSignature(ADA)), "Bearer token signature is invalid");
		assertUnauthorized(get("/api/things", ForgedTokens.tampered(ADA)), "Bearer token signature is invalid");
		assertUnauthorized(get("/api/things", "not-a-jwt"), "Bearer token is malformed");
	}

	@Test
	void rejectsForgedAlgorithms() {
		assertUnauthorized(get("/api/things", ForgedTokens.algNone(ADA)), "Bearer token is not signed");
		assertUnauthorized(get("/api/things", ForgedTokens.hmacSignedWithPublicKey(ADA)),
				"Bearer token algorithm is not accepted");
		assertUnauthorized(
				get("/api/things", TestTokens.builder().signedWith(TestTokens.generateKey("unknown")).sign()),
				"Bearer token is signed with an unknown key");
	}

	@Test
	void reservesAdminPathsForAdmins() {
		MvcTestResult forUser = get("/api/admin/things", TestTokens.user(ADA));
		assertThat(forUser).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(forUser).bodyJson().extractingPath("$.status").isEqualTo(403);

		assertThat(get("/api/admin/things", TestTokens.service("order-service"))).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(get("/api/admin/things", TestTokens.admin())).hasStatusOk();
	}

	@Test
	void letsPublicPathsThroughWithoutToken() {
		assertThat(this.mvc.post().uri("/api/public").exchange()).hasStatusOk();
		assertThat(this.mvc.get().uri("/.well-known/keys").exchange()).hasStatusOk();
		// Public for POST only.
		assertThat(this.mvc.get().uri("/api/public").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void deniesEverythingOutsideTheApi() {
		assertThat(get("/internal", TestTokens.admin())).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/internal").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void answersAUrlTheFirewallRefusesWithAProblem() {
		MvcTestResult result = this.mvc.get()
			.uri(URI.create("/api/things/1%3B%20SELECT"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(ADA))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("not accepted");
	}

	@Test
	void setsSecurityHeaders() {
		MvcTestResult result = get("/api/things", TestTokens.user(ADA));

		assertThat(result).headers()
			.hasValue("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			.hasValue("Referrer-Policy", "no-referrer")
			.hasValue("X-Content-Type-Options", "nosniff")
			.hasValue("X-Frame-Options", "DENY");
		assertThat(result).headers().doesNotContainHeader(HttpHeaders.SET_COOKIE);
	}

	private MvcTestResult get(String path, String token) {
		return this.mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private static void assertUnauthorized(MvcTestResult result, String detail) {
		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(detail);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Unauthorized");
		assertThat(result).bodyText().doesNotContain("Exception", "\tat ");
		assertThat(result).headers().containsHeader(HttpHeaders.WWW_AUTHENTICATE);
	}

	@SpringBootApplication
	static class SampleApplication {

	}

	@RestController
	static class SampleController {

		@GetMapping("/api/things")
		Caller things(@AuthenticationPrincipal Jwt token) {
			return Caller.of(token);
		}

		@GetMapping({ "/api/admin/things", "/internal", "/api/public", "/.well-known/keys" })
		Map<String, String> other() {
			return Map.of("ok", "yes");
		}

		@PostMapping("/api/public")
		Map<String, String> open() {
			return Map.of("ok", "yes");
		}

	}

}
